package dev.epic.lang.eval;

import dev.epic.lang.value.Value;

/** A checked, compiled program with the global values it was compiled against. Immutable; run it many times. */
public final class Program {
    private final String name;
    private final Code code;
    private final Value[] globals;

    Program(String name, Code code, Value[] globals) {
        this.name = name;
        this.code = code;
        this.globals = globals;
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
