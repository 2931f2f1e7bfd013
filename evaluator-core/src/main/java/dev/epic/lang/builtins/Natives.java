package dev.epic.lang.builtins;

import dev.epic.lang.eval.Builtin.Strictness;
import dev.epic.lang.compile.Globals;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.ArrayList;
import java.util.List;

/** Registers the builtins implemented in Java: primitives on host values and the fold of a native list. */
final class Natives {
    private Natives() {}

    static void install(Globals g) {
        g.define("fold", new Fold());
        g.define("print", new Print());
        g.define("Par.apply", new ForkApply());
        def(g, "to_string", 1, Strictness.DEEP, (a, at) -> new Value.Str(Values.display(a[0])));
        def(g, "to_int", 1, Strictness.SHALLOW, Natives::toInt);
        def(g, "to_float", 1, Strictness.SHALLOW, Natives::toFloat);
        def(g, "fail", 1, Strictness.DEEP, (a, at) -> {
            throw EvalError.at(at, Values.display(a[0]));
        });
        def(g, "Bool.select", 3, Strictness.SHALLOW, (a, at) -> {
            if (!(a[0] instanceof Value.Bool)) {
                throw EvalError.at(at, "the condition must be a boolean but is " + Values.show(a[0]) + " ("
                        + a[0].kindName() + ")");
            }
            return ((Value.Bool) a[0]).value() ? a[1] : a[2];
        });
        StringBuiltins.install(g);
        ListBuiltins.install(g);
        JsonBuiltins.install(g);
    }

    static void def(Globals g, String name, int arity, Strictness s, SimpleBuiltin.Body body) {
        g.define(name, new SimpleBuiltin(name, arity, s, body));
    }

    static String str(Value v, String fn, Span at) {
        if (v instanceof Value.Str) {
            return ((Value.Str) v).value();
        }
        throw EvalError.at(at, fn + " expects a string but got " + Values.show(v) + " (" + v.kindName() + ")");
    }

    static long integer(Value v, String fn, Span at) {
        if (v instanceof Value.Int) {
            return ((Value.Int) v).value();
        }
        throw EvalError.at(at, fn + " expects an integer but got " + Values.show(v) + " (" + v.kindName() + ")");
    }

    static List<Value> list(Value v, String fn, Span at) {
        List<Value> xs = Values.toList(v);
        if (xs == null) {
            throw EvalError.at(at, fn + " expects a list but got " + Values.show(v) + " (" + v.kindName() + ")");
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
                throw EvalError.at(at, "to_int: " + Values.show(v) + " does not fit in an integer");
            }
            return Value.Int.of((long) d);
        }
        if (v instanceof Value.Str) {
            try {
                return Value.Int.of(Long.parseLong(((Value.Str) v).value().trim()));
            } catch (NumberFormatException e) {
                throw EvalError.at(at, "to_int: " + Values.show(v) + " is not an integer");
            }
        }
        if (v instanceof Value.Bool) {
            return Value.Int.of(((Value.Bool) v).value() ? 1 : 0);
        }
        throw EvalError.at(at, "to_int cannot convert " + Values.show(v) + " (" + v.kindName() + ")");
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
                throw EvalError.at(at, "to_float: " + Values.show(v) + " is not a number");
            }
        }
        throw EvalError.at(at, "to_float cannot convert " + Values.show(v) + " (" + v.kindName() + ")");
    }
}
