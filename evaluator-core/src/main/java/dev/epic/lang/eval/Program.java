package dev.epic.lang.eval;

import dev.epic.lang.value.Value;

/** A checked, compiled program with the global values it was compiled against. Immutable; run it many times. */
public final class Program {
    private final String name;
    private final Code code;
    private final Value[] globals;
    private final java.util.Set<String> usedGlobals;

    Program(String name, Code code, Value[] globals, java.util.Set<String> usedGlobals) {
        this.name = name;
        this.code = code;
        this.globals = globals;
        this.usedGlobals = java.util.Set.copyOf(usedGlobals);
    }

    /** The global names (builtins, prelude, external functions) the program's text refers to. */
    public java.util.Set<String> usedGlobals() {
        return usedGlobals;
    }

    public String name() {
        return name;
    }

    public Code code() {
        return code;
    }

    /** Shared, never written after compilation. */
    public Value[] globals() {
        return globals;
    }
}
