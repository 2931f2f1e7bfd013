package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Pending;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;

/**
 * A compiled parameter pattern. Binding a name never inspects the value (it may stay pending); matching
 * {@code ()} or a tuple does, and waits if the value is not known yet.
 */
public abstract class Bind {
    /** Returned by {@link #bind} when it had to wait: the empty environment is null, so null cannot say it. */
    static final Env AWAITING = new Env(null, null);

    final Span span;

    Bind(Span span) {
        this.span = span;
    }

    /** How many names this pattern binds: the environment grows by that many entries. */
    abstract int size();

    /**
     * Extends {@code env} with the parts of {@code v}. If a part that must be inspected is still pending,
     * awaits it with {@code retry} (which binds again from the start) and returns {@link #AWAITING}.
     */
    abstract Env bind(Machine m, Value v, Env env, Frame retry);

    static final class Name extends Bind {
        final String name;

        Name(String name, Span span) {
            super(span);
            this.name = name;
        }

        int size() {
            return 1;
        }

        Env bind(Machine m, Value v, Env env, Frame retry) {
            return new Env(v, env);
        }
    }

    static final class Wild extends Bind {
        Wild(Span span) {
            super(span);
        }

        int size() {
            return 0;
        }

        Env bind(Machine m, Value v, Env env, Frame retry) {
            return env;
        }
    }

    static final class Unit extends Bind {
        Unit(Span span) {
            super(span);
        }

        int size() {
            return 0;
        }

        Env bind(Machine m, Value v, Env env, Frame retry) {
            Value d = Values.deref(v);
            if (d instanceof Pending) {
                m.await((Pending) d, retry);
                return AWAITING;
            }
            if (d != Value.Unit.UNIT) {
                throw EvalError.at(span, "expected () here but got " + Values.show(d) + " (" + d.kindName() + ")");
            }
            return env;
        }
    }

    static final class Tuple extends Bind {
        final Bind[] elements;
        private final int size;

        Tuple(Bind[] elements, Span span) {
            super(span);
            this.elements = elements;
            int n = 0;
            for (Bind b : elements) {
                n += b.size();
            }
            this.size = n;
        }

        int size() {
            return size;
        }

        Env bind(Machine m, Value v, Env env, Frame retry) {
            Value d = Values.deref(v);
            if (d instanceof Pending) {
                m.await((Pending) d, retry);
                return AWAITING;
            }
            if (!(d instanceof Value.Tuple) || ((Value.Tuple) d).size() != elements.length) {
                throw EvalError.at(span, "cannot match " + Values.show(d) + " (" + d.kindName() + ") against a "
                        + elements.length + "-tuple pattern");
            }
            Value.Tuple t = (Value.Tuple) d;
            Env out = env;
            for (int i = 0; i < elements.length; i++) {
                out = elements[i].bind(m, t.get(i), out, retry);
                if (out == AWAITING) {
                    return AWAITING;
                }
            }
            return out;
        }
    }
}
