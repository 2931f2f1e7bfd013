package dev.epic.lang.builtins;

import dev.epic.lang.eval.Builtin;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;

/** {@code print x}: an output event with the value, once it is fully known; returns {@code ()}. */
final class Print extends Builtin {
    Print() {
        super("print", 1, Strictness.DEEP);
    }

    @Override
    protected void invoke(Machine m, Value[] args, Span site) {
        m.host().output(args[0], site);
        m.ret(Value.Unit.UNIT);
    }
}
