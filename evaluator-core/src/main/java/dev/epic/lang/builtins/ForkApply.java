package dev.epic.lang.builtins;

import dev.epic.lang.eval.Builtin;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;

/**
 * {@code Par.apply f x}: the application {@code f x}, marked as a fork point. The engine's host may run it
 * somewhere else (a cluster engine ships it to another node) and answer with a value standing for its result;
 * otherwise, and on every single-JVM engine, it is applied here. {@code List.map} applies its function to each
 * element through it, because those applications are independent of each other.
 */
final class ForkApply extends Builtin {
    ForkApply() {
        super("Par.apply", 2, Strictness.LAZY);
    }

    @Override
    protected void invoke(Machine m, Value[] args, Span site) {
        Value elsewhere = m.host().fork(args[0], args[1], site);
        if (elsewhere != null) {
            m.ret(elsewhere);
        } else {
            m.apply(args[0], args[1], site);
        }
    }
}
