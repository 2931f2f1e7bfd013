package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import java.util.Arrays;

/**
 * A prelude function of several parameters, made callable both curried ({@code List.map f xs}) and on one
 * tuple ({@code List.map(f, xs)}), like a Java builtin.
 */
public final class Curried extends Builtin {
    private final Value function;

    public Curried(String name, int arity, Value function) {
        super(name, arity, Strictness.LAZY);
        this.function = function;
    }

    /** The prelude closure this wraps. */
    Value function() {
        return function;
    }

    @Override
    protected void invoke(Machine m, Value[] args, Span site) {
        m.push(new ApplyRest(Arrays.copyOfRange(args, 1, args.length), site));
        m.apply(function, args[0], site);
    }

    /** Applies the function's result to the remaining arguments, one at a time. */
    static final class ApplyRest extends Frame {
        private final Value[] rest;
        private final Span site;

        ApplyRest(Value[] rest, Span site) {
            this.rest = rest;
            this.site = site;
        }

        @Override
        public void resume(Machine m, Value fn) {
            if (rest.length > 1) {
                m.push(new ApplyRest(Arrays.copyOfRange(rest, 1, rest.length), site));
            }
            m.apply(fn, rest[0], site);
        }
    }

    /** How many curried parameters a closure takes directly: {@code fun a b -> …} has two. */
    public static int arity(Value v) {
        if (!(v instanceof Closure)) {
            return 0;
        }
        int n = 1;
        Code body = ((Closure) v).code.body;
        while (body instanceof Code.Lambda) {
            n++;
            body = ((Code.Lambda) body).body;
        }
        return n;
    }
}
