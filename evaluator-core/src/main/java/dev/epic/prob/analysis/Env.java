package dev.epic.prob.analysis;

import dev.epic.lang.compile.Purity;
import dev.epic.lang.syntax.Term;

/**
 * An immutable environment, innermost binding first; {@code function} is the function term a name was bound to by
 * {@code let f = fun …}, which the purity test needs (as the compiler's).
 */
record Env(String name, AValue value, Term.Lambda function, Env next) {
    static final Env EMPTY = null;

    static Env bind(Env env, String name, AValue value, Term.Lambda function) {
        return new Env(name, value, function, env);
    }

    static AValue lookup(Env env, String name) {
        for (Env e = env; e != null; e = e.next) {
            if (e.name.equals(name)) {
                return e.value;
            }
        }
        return null;
    }

    /** The compiler's view of the names in scope, for {@link Purity}. */
    static Purity.Binding scope(Env env) {
        if (env == null) {
            return null;
        }
        return new Purity.Binding(env.name, env.function, scope(env.next));
    }
}
