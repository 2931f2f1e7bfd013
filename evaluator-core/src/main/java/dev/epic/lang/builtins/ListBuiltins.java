package dev.epic.lang.builtins;

import static dev.epic.lang.builtins.Natives.def;
import static dev.epic.lang.builtins.Natives.defSized;

import dev.epic.lang.compile.Globals;
import dev.epic.lang.eval.Builtin.Strictness;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.Prims;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.ArrayList;
import java.util.List;

/** The list primitives the prelude cannot express as folds: cell access, ranges, and sorting by key. */
final class ListBuiltins {
    private ListBuiltins() {}

    /** Ranges longer than this are refused rather than exhausting memory. */
    static final long MAX_RANGE = 50_000_000L;

    /** A bound of {@code List.range}: an integer, or a float with a whole value. */
    private static long bound(Value v, Span at) {
        if (v instanceof Value.Flt) {
            double d = ((Value.Flt) v).value();
            if (d == Math.rint(d) && Math.abs(d) < 9e15) {
                return (long) d;
            }
            throw EvalError.at(at, "List.range expects whole numbers but got " + Values.preview(v, 60));
        }
        return Natives.integer(v, "List.range", at);
    }

    static void install(Globals g) {
        def(g, "List.hd", 1, Strictness.SHALLOW, (a, at) -> {
            if (a[0] instanceof Value.Cons) {
                return ((Value.Cons) a[0]).head();
            }
            throw EvalError.at(at, a[0] == Value.Nil.NIL ? "List.hd of an empty list"
                    : "List.hd expects a list but got " + Values.preview(a[0], 200) + " (" + a[0].kindName() + ")");
        });
        def(g, "List.tl", 1, Strictness.SHALLOW, (a, at) -> {
            if (a[0] instanceof Value.Cons) {
                return ((Value.Cons) a[0]).tail();
            }
            throw EvalError.at(at, a[0] == Value.Nil.NIL ? "List.tl of an empty list"
                    : "List.tl expects a list but got " + Values.preview(a[0], 200) + " (" + a[0].kindName() + ")");
        });
        def(g, "List.is_empty", 1, Strictness.SHALLOW, (a, at) -> {
            if (a[0] == Value.Nil.NIL || a[0] instanceof Value.Cons) {
                return Value.Bool.of(a[0] == Value.Nil.NIL);
            }
            throw EvalError.at(at, "List.is_empty expects a list but got " + Values.preview(a[0], 200) + " (" + a[0].kindName() + ")");
        });
        // Half-open. Bounds may be floats with whole values (Siren's programs have nothing else): then so are the elements.
        defSized(g, "List.range", 2, Strictness.SHALLOW, (m, a, at) -> {
            long lo = bound(a[0], at);
            long hi = bound(a[1], at);
            boolean floats = a[0] instanceof Value.Flt || a[1] instanceof Value.Flt;
            long cap = Math.min(MAX_RANGE, m.budget().maxListLength());
            if (hi > lo && (hi - lo > cap || hi - lo < 0)) {
                throw new EvalError(EvalError.Kind.MEMORY, "List.range(" + lo + ", " + hi + ") is longer than the limit of "
                        + cap, at, null);
            }
            m.reserveList(Math.max(0, hi - lo), at);
            Value out = Value.Nil.NIL;
            for (long i = hi - 1; i >= lo; i--) {
                out = new Value.Cons(floats ? new Value.Flt(i) : Value.Int.of(i), out);
            }
            return out;
        });
        // Stable sort of (key, value) pairs by key; List.sort_by in the prelude computes the keys.
        defSized(g, "List.sort_pairs", 1, Strictness.DEEP, (m, a, at) -> {
            List<Value> pairs = new ArrayList<>(Natives.list(a[0], "List.sort_by", at));
            m.reserveList(pairs.size(), at);
            for (Value p : pairs) {
                if (!(p instanceof Value.Tuple) || ((Value.Tuple) p).size() != 2) {
                    throw EvalError.at(at, "List.sort_pairs expects (key, value) pairs but got " + Values.preview(p, 200));
                }
            }
            pairs.sort((x, y) -> Prims.compare(((Value.Tuple) x).get(0), ((Value.Tuple) y).get(0), at));
            return Values.fromList(pairs);
        });
    }
}
