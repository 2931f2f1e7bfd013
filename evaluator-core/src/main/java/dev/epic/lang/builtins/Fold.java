package dev.epic.lang.builtins;

import dev.epic.lang.eval.Builtin;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.Frame;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Pending;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;

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
        new FoldCell(args[0], args[2], site).resume(m, args[1]);
    }

    /** A fold step returned the new accumulator (perhaps pending); look at the rest of the list. */
    static final class FoldStep extends Frame {
        final Value fn;
        final Value rest;
        final Span site;

        FoldStep(Value fn, Value rest, Span site) {
            this.fn = fn;
            this.rest = rest;
            this.site = site;
        }

        public void resume(Machine m, Value acc) {
            new FoldCell(fn, acc, site).resume(m, rest);
        }
    }

    /** Looks at one list cell of a fold, waiting for it if it is still pending (a streamed list). */
    static final class FoldCell extends Frame {
        final Value fn;
        final Value acc;
        final Span site;

        FoldCell(Value fn, Value acc, Span site) {
            this.fn = fn;
            this.acc = acc;
            this.site = site;
        }

        public void resume(Machine m, Value cell) {
            Value c = Values.deref(cell);
            if (c instanceof Pending) {
                m.await((Pending) c, this);
            } else if (c == Value.Nil.NIL) {
                m.ret(acc);
            } else if (c instanceof Value.Cons) {
                Value.Cons cons = (Value.Cons) c;
                m.push(new FoldStep(fn, cons.tail(), site));
                m.charge(64);
                m.apply(fn, Value.Tuple.of(cons.head(), acc), site);
            } else {
                throw EvalError.at(site, "fold expects a list but got " + Values.preview(c, 200) + " (" + c.kindName() + ")");
            }
        }

        public boolean acceptsPending() {
            return false;
        }
    }
}

