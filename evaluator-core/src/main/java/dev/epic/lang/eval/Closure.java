package dev.epic.lang.eval;

import dev.epic.lang.value.Value;

/** A function value of the language: a lambda and the environment it was made in. */
public final class Closure implements Value.Fn {
    final Code.Lambda code;
    final Env env;
    /** The last {@link MemoryMeter} walk that counted this closure (see {@link Env#metered}). */
    int metered;

    Closure(Code.Lambda code, Env env) {
        this.code = code;
        this.env = env;
    }

    @Override
    public String name() {
        return code.name;
    }

    @Override
    public String toString() {
        return "<fun " + code.name + ">";
    }
}
