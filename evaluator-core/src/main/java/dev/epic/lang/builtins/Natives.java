package dev.epic.lang.builtins;

import dev.epic.lang.eval.Builtin.Strictness;
import dev.epic.lang.compile.Globals;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.ArrayList;
import java.util.List;

/** Registers the builtins implemented in Java: primitives on host values and the fold of a native list. */
final class Natives {
    private Natives() {}

    private static final int FAIL_MESSAGE_CHARS = 100_000;

    static void install(Globals g) {
        g.define("fold", new Fold());
        g.define("print", new Print());
        g.define("Par.apply", new ForkApply());
        defSized(g, "to_string", 1, Strictness.DEEP, (m, a, at) -> string(m, text(m, a[0]), at));
        def(g, "to_int", 1, Strictness.SHALLOW, Natives::toInt);
        def(g, "to_float", 1, Strictness.SHALLOW, Natives::toFloat);
        def(g, "fail", 1, Strictness.DEEP, (a, at) -> {
            // The message is the program's own text; a huge one is cut, not carried whole into logs and replies.
            String message = a[0] instanceof Value.Str ? ((Value.Str) a[0]).value() : Values.preview(a[0], FAIL_MESSAGE_CHARS);
            throw EvalError.at(at, message.length() > FAIL_MESSAGE_CHARS ? message.substring(0, FAIL_MESSAGE_CHARS) + "…" : message);
        });
        defSized(g, "Bool.select", 3, Strictness.SHALLOW, (m, a, at) -> Branches.choose(condition(m, a[0], false, at), a, at));
        g.define("Bool.select_pure", new Branches.SelectPure());
        StringBuiltins.install(g);
        ListBuiltins.install(g);
        JsonBuiltins.install(g);
    }

    static void def(Globals g, String name, int arity, Strictness s, SimpleBuiltin.Body body) {
        g.define(name, new SimpleBuiltin(name, arity, s, body));
    }

    /** A builtin whose result grows with its input: it charges the job's memory budget as it allocates. */
    static void defSized(Globals g, String name, int arity, Strictness s, SimpleBuiltin.SizedBody body) {
        g.define(name, new SimpleBuiltin(name, arity, s, body));
    }

    /**
     * The condition of an {@code if} as a host boolean: a {@linkplain Value.Opaque value of a layer above the
     * language} is decided by the machine's host (see {@link dev.epic.lang.eval.MachineHost#decide}).
     */
    static Value condition(Machine m, Value c, boolean pureBranches, Span at) {
        return c instanceof Value.Opaque ? m.host().decide(c, pureBranches, m.userSite(at)) : c;
    }

    /** A new string of {@code text}, checked against the job's string cap and charged. */
    static Value string(Machine m, String text, Span at) {
        m.reserveString(text.length(), at);
        return new Value.Str(text);
    }

    /** The text of {@code v} as a program sees it, within the job's string cap. */
    static String text(Machine m, Value v) {
        return Values.display(v, m.budget().maxStringChars());
    }

    static String str(Value v, String fn, Span at) {
        if (v instanceof Value.Str) {
            return ((Value.Str) v).value();
        }
        throw EvalError.at(at, fn + " expects a string but got " + Values.preview(v, 200) + " (" + v.kindName() + ")");
    }

    static long integer(Value v, String fn, Span at) {
        if (v instanceof Value.Int) {
            return ((Value.Int) v).value();
        }
        throw EvalError.at(at, fn + " expects an integer but got " + Values.preview(v, 200) + " (" + v.kindName() + ")");
    }

    static List<Value> list(Value v, String fn, Span at) {
        List<Value> xs = Values.toList(v);
        if (xs == null) {
            throw EvalError.at(at, fn + " expects a list but got " + Values.preview(v, 200) + " (" + v.kindName() + ")");
        }
        return xs;
    }

    static Value strings(List<String> xs) {
        List<Value> out = new ArrayList<>(xs.size());
        for (String s : xs) {
            out.add(new Value.Str(s));
        }
        return Values.fromList(out);
    }

    private static Value toInt(Value[] a, Span at) {
        Value v = a[0];
        if (v instanceof Value.Int) {
            return v;
        }
        if (v instanceof Value.Flt) {
            double d = ((Value.Flt) v).value();
            if (Double.isNaN(d) || Math.abs(d) >= 9.2e18) {
                throw EvalError.at(at, "to_int: " + Values.preview(v, 200) + " does not fit in an integer");
            }
            return Value.Int.of((long) d);
        }
        if (v instanceof Value.Str) {
            try {
                return Value.Int.of(Long.parseLong(((Value.Str) v).value().trim()));
            } catch (NumberFormatException e) {
                throw EvalError.at(at, "to_int: " + Values.preview(v, 200) + " is not an integer");
            }
        }
        if (v instanceof Value.Bool) {
            return Value.Int.of(((Value.Bool) v).value() ? 1 : 0);
        }
        throw EvalError.at(at, "to_int cannot convert " + Values.preview(v, 200) + " (" + v.kindName() + ")");
    }

    private static Value toFloat(Value[] a, Span at) {
        Value v = a[0];
        if (v instanceof Value.Int) {
            return new Value.Flt(((Value.Int) v).value());
        }
        if (v instanceof Value.Flt) {
            return v;
        }
        if (v instanceof Value.Str) {
            try {
                return new Value.Flt(Double.parseDouble(((Value.Str) v).value().trim()));
            } catch (NumberFormatException e) {
                throw EvalError.at(at, "to_float: " + Values.preview(v, 200) + " is not a number");
            }
        }
        throw EvalError.at(at, "to_float cannot convert " + Values.preview(v, 200) + " (" + v.kindName() + ")");
    }
}
