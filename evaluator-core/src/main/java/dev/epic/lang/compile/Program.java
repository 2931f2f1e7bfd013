package dev.epic.lang.compile;

import dev.epic.lang.eval.Code;
import dev.epic.lang.eval.CodeIndex;
import dev.epic.lang.eval.SharedByRuns;
import dev.epic.lang.value.Value;

/** A checked, compiled program with the global values it was compiled against. Immutable; run it many times. */
public final class Program implements SharedByRuns {
    private final String name;
    private final Code code;
    private final Value[] globals;
    private final java.util.Set<String> usedGlobals;
    private final dev.epic.lang.syntax.Source source;

    Program(String name, Code code, Value[] globals, java.util.Set<String> usedGlobals) {
        this(name, code, globals, usedGlobals, null);
    }

    private Program(String name, Code code, Value[] globals, java.util.Set<String> usedGlobals,
                    dev.epic.lang.syntax.Source source) {
        this.name = name;
        this.code = code;
        this.globals = globals;
        this.usedGlobals = java.util.Set.copyOf(usedGlobals);
        this.source = source;
    }

    /** The same program, remembering the text it was compiled from (so it can be compiled again elsewhere). */
    public Program withSource(dev.epic.lang.syntax.Source s) {
        return new Program(name, code, globals, usedGlobals, s);
    }

    /** The text this program was compiled from, or null if it was not kept. */
    public dev.epic.lang.syntax.Source source() {
        return source;
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

    /** A number for each function literal, so closures can be sent to another process (see {@link CodeIndex}). */
    public CodeIndex index() {
        return CodeIndex.of(code, globals);
    }

    /** Shared, never written after compilation. */
    public Value[] globals() {
        return globals;
    }
}
