package dev.epic.lang.builtins;

import dev.epic.lang.eval.Builtin;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.Frame;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;

/**
 * Where {@code if} meets Java: choosing one of two values by a host boolean ({@code Bool.select}, under the
 * prelude's Church booleans), and — for an {@code if} whose branches neither observe nor resample, which the
 * compiler sends to {@code Bool.ite_pure} — computing both branches and merging them when the condition is a
 * random value the host leaves undecided.
 */
final class Branches {
    private Branches() {}

    static Value choose(Value condition, Value[] args, Span at) {
        if (!(condition instanceof Value.Bool)) {
            throw EvalError.at(at, "the condition must be a boolean but is " + Values.preview(condition, 200) + " ("
                    + condition.kindName() + ")");
        }
        return ((Value.Bool) condition).value() ? args[1] : args[2];
    }

    /**
     * {@code Bool.select_pure(c, t, f)}: {@code t} or {@code f} by a boolean, as {@code Bool.select}; for a condition
     * the host leaves undecided, a Church boolean of its own ({@link Merge} waiting for its condition's two thunks),
     * which computes both branches and merges them.
     */
    static final class SelectPure extends Builtin {
        SelectPure() {
            super("Bool.select_pure", 3, Strictness.SHALLOW);
        }

        @Override
        protected void invoke(Machine m, Value[] args, Span site) {
            Value c = Natives.condition(m, args[0], true, site);
            m.ret(c instanceof Value.Opaque ? new Builtin.Partial(MERGE, new Value[] {c}) : choose(c, args, site));
        }
    }

    private static final Merge MERGE = new Merge();

    /** {@code (cond, then-thunk, else-thunk, ())}: both branches, left to right, merged by the host. */
    private static final class Merge extends Builtin {
        Merge() {
            super("Bool.merge", 4, Strictness.LAZY);
        }

        @Override
        protected void invoke(Machine m, Value[] args, Span site) {
            m.push(new ThenDone(args[0], args[2], site));
            m.apply(args[1], Value.Unit.UNIT, site);
        }
    }

    private static final class ThenDone extends Frame {
        final Value condition;
        final Value otherwise;
        final Span site;

        ThenDone(Value condition, Value otherwise, Span site) {
            this.condition = condition;
            this.otherwise = otherwise;
            this.site = site;
        }

        @Override
        public void resume(Machine m, Value then) {
            m.push(new ElseDone(condition, then, site));
            m.apply(otherwise, Value.Unit.UNIT, site);
        }

        @Override
        public boolean acceptsPending() {
            return false;
        }
    }

    private static final class ElseDone extends Frame {
        final Value condition;
        final Value then;
        final Span site;

        ElseDone(Value condition, Value then, Span site) {
            this.condition = condition;
            this.then = then;
            this.site = site;
        }

        @Override
        public void resume(Machine m, Value otherwise) {
            m.ret(m.host().merge(condition, then, otherwise, m.userSite(site)));
        }

        @Override
        public boolean acceptsPending() {
            return false;
        }
    }
}
