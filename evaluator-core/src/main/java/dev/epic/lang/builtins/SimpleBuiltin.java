package dev.epic.lang.builtins;

import dev.epic.lang.eval.Builtin;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;

/** A builtin that computes a value from its (known) arguments. */
public final class SimpleBuiltin extends Builtin {

    @FunctionalInterface
    public interface Body {
        Value apply(Value[] args, Span site);
    }

    /** A body that allocates in proportion to its input, and so charges the job's memory budget through the machine. */
    @FunctionalInterface
    public interface SizedBody {
        Value apply(Machine m, Value[] args, Span site);
    }

    private final SizedBody body;

    public SimpleBuiltin(String name, int arity, Strictness strictness, Body body) {
        this(name, arity, strictness, (SizedBody) (m, args, site) -> body.apply(args, site));
    }

    public SimpleBuiltin(String name, int arity, Strictness strictness, SizedBody body) {
        super(name, arity, strictness);
        this.body = body;
    }

    @Override
    protected void invoke(Machine m, Value[] args, Span site) {
        m.ret(body.apply(m, args, site));
    }
}
