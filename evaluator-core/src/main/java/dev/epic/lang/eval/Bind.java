package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Pending;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.ArrayList;
import java.util.List;

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

    /** The names this pattern binds, in the order {@link #bind} adds them to the environment (innermost last). */
    public final List<String> names() {
        List<String> out = new ArrayList<>(size());
        addNames(out);
        return out;
    }

    void addNames(List<String> out) {
    }

    /**
     * Extends {@code env} with the parts of {@code v}. If a part that must be inspected is still pending,
     * awaits it with {@code retry} (which binds again from the start) and returns {@link #AWAITING}.
     */
    abstract Env bind(Machine m, Value v, Env env, Frame retry);

    /**
     * Whether {@link #bind} of {@code v} will not await (it needs no retry frame then): nothing it must inspect is
     * pending. Lets the machine build a retry frame only when one can be used.
     */
    boolean ready(Value v) {
        return true;
    }

    public static final class Name extends Bind {
        final String name;

        public Name(String name, Span span) {
            super(span);
            this.name = name;
        }

        int size() {
            return 1;
        }

        @Override
        void addNames(List<String> out) {
            out.add(name);
        }

        Env bind(Machine m, Value v, Env env, Frame retry) {
            m.charge(24);
            return new Env(v, env);
        }
    }

    public static final class Wild extends Bind {
        public Wild(Span span) {
            super(span);
        }

        int size() {
            return 0;
        }

        Env bind(Machine m, Value v, Env env, Frame retry) {
            return env;
        }
    }

    public static final class Unit extends Bind {
        public Unit(Span span) {
            super(span);
        }

        int size() {
            return 0;
        }

        @Override
        boolean ready(Value v) {
            return !(Values.deref(v) instanceof Pending);
        }

        Env bind(Machine m, Value v, Env env, Frame retry) {
            Value d = Values.deref(v);
            if (d instanceof Pending) {
                m.await((Pending) d, retry);
                return AWAITING;
            }
            if (d != Value.Unit.UNIT) {
                throw EvalError.at(span, "expected () here but got " + Values.preview(d, 200) + " (" + d.kindName() + ")");
            }
            return env;
        }
    }

    public static final class Tuple extends Bind {
        final Bind[] elements;
        private final int size;

        public Tuple(Bind[] elements, Span span) {
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

        @Override
        void addNames(List<String> out) {
            for (Bind b : elements) {
                b.addNames(out);
            }
        }

        @Override
        boolean ready(Value v) {
            Value d = Values.deref(v);
            if (d instanceof Pending) {
                return false;
            }
            if (d instanceof Value.Tuple && ((Value.Tuple) d).size() == elements.length) {
                Value.Tuple t = (Value.Tuple) d;
                for (int i = 0; i < elements.length; i++) {
                    if (!elements[i].ready(t.get(i))) {
                        return false;
                    }
                }
            }
            return true;
        }

        Env bind(Machine m, Value v, Env env, Frame retry) {
            Value d = Values.deref(v);
            if (d instanceof Pending) {
                m.await((Pending) d, retry);
                return AWAITING;
            }
            if (!(d instanceof Value.Tuple) || ((Value.Tuple) d).size() != elements.length) {
                throw EvalError.at(span, "cannot match " + Values.preview(d, 200) + " (" + d.kindName() + ") against a "
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
