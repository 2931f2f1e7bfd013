package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;

/**
 * {@code fold(f, xs, init)}: applies {@code f(x, acc)} along the list, left to right. The one list primitive
 * the prelude builds on. It looks at one cell at a time, so folding a streamed list makes progress as the
 * cells arrive, and the accumulator may stay pending between steps.
 */
public final class Fold extends Builtin {
    public Fold() {
        super("fold", 3, Strictness.LAZY);
    }

    @Override
    protected void invoke(Machine m, Value[] args, Span site) {
        new Frames.FoldCell(args[0], args[2], site).resume(m, args[1]);
    }
}
