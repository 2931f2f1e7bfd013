package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Pending;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.Arrays;
import java.util.List;

/**
 * A function implemented in Java. Applied curried ({@code f a b}) or to one tuple of all its arguments
 * ({@code f(a, b)}); it runs when it has {@link #arity} arguments. Its {@link Strictness} says how much of the
 * arguments must be known before it runs; the machine waits for that much.
 */
public abstract class Builtin implements Value.Fn {

    public enum Strictness {
        /** The builtin inspects its arguments itself (and waits where needed). */
        LAZY,
        /** Each argument's outermost value must be known (a list cell, not its elements). */
        SHALLOW,
        /** Arguments must be known all the way down. */
        DEEP
    }

    /** A builtin applied to fewer arguments than it takes. */
    public record Partial(Builtin builtin, Value[] args) implements Value.Fn {
        public String name() {
            return builtin.name();
        }
    }

    private final String name;
    private final int arity;
    private final Strictness strictness;

    protected Builtin(String name, int arity, Strictness strictness) {
        this.name = name;
        this.arity = arity;
        this.strictness = strictness;
    }

    @Override
    public final String name() {
        return name;
    }

    public final int arity() {
        return arity;
    }

    /** Runs the builtin on all its arguments; must end by {@link Machine#ret}, {@link Machine#eval} or an apply. */
    protected abstract void invoke(Machine m, Value[] args, Span site);

    final void applyTo(Machine m, Value[] have, Value arg, Span site) {
        if (have.length == 0 && arity > 1) {
            Value d = Values.deref(arg);
            if (d instanceof Pending) {
                // Whether this is the tuple of all arguments or the first of several cannot be told yet.
                m.await((Pending) d, new Frames.ApplyRetry(this, arg, site));
                return;
            }
            if (d instanceof Value.Tuple && ((Value.Tuple) d).size() == arity) {
                invokeFull(m, ((Value.Tuple) d).elements().toArray(new Value[0]), site);
                return;
            }
        }
        Value[] args = Arrays.copyOf(have, have.length + 1);
        args[have.length] = arg;
        if (args.length < arity) {
            m.ret(new Partial(this, args));
        } else {
            invokeFull(m, args, site);
        }
    }

    final void invokeFull(Machine m, Value[] args, Span site) {
        switch (strictness) {
            case LAZY:
                break;
            case SHALLOW:
                for (int i = 0; i < args.length; i++) {
                    Value d = Values.deref(args[i]);
                    if (d instanceof Pending) {
                        m.await((Pending) d, new Frames.InvokeRetry(this, args, site));
                        return;
                    }
                    args[i] = d;
                }
                break;
            case DEEP:
                m.push(new Frames.InvokeDeep(this, site));
                m.push(new Frames.DeepForce());
                m.ret(new Value.Tuple(List.of(args)));
                return;
            default:
                throw new IllegalStateException("strictness " + strictness);
        }
        m.countReduction();
        call(m, args, site);
    }

    /** Called by {@link Frames.InvokeDeep} with every argument known. */
    final void invokeResolved(Machine m, Value[] args, Span site) {
        m.countReduction();
        call(m, args, site);
    }

    /** Runs the builtin; whatever it throws other than a program error is an error at its call site. */
    private void call(Machine m, Value[] args, Span site) {
        try {
            invoke(m, args, site);
        } catch (EvalError e) {
            throw e;
        } catch (Throwable t) {
            throw Failures.of(t, site, m.chain());
        }
    }

    @Override
    public String toString() {
        return "<fun " + name + ">";
    }
}
