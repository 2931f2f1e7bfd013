package dev.epic.engine;

import dev.epic.lang.eval.EvalError;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;

/** The outcome of a run: a fully known value, or an error; and its stats. */
public record RunResult(Value value, EvalError error, RunStats stats) {
    public boolean ok() {
        return error == null;
    }

    /** The value as {@code epic run} prints it, or the formatted error. */
    public String display() {
        return ok() ? Values.display(value) : error.format();
    }
}
