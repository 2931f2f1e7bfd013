package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The operators of the language, on host values. */
public final class Prims {
    private Prims() {}

    public enum Op {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), CONCAT("^"),
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="), NEG("-"), NOT("not");

        public final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** Equality looks at whole values; the rest only at their operands' outermost value. */
        boolean deep() {
            return this == EQ || this == NE;
        }

        Value apply(Machine m, Value a, Value b, Span at) {
            if (a instanceof Value.Opaque || b instanceof Value.Opaque) {
                return m.host().operate(this, a, b, m.userSite(at));
            }
            switch (this) {
                case ADD: case SUB: case MUL: case DIV: case MOD: return arithmetic(this, a, b, at);
                case CONCAT: {
                    String x = string(a, at);
                    String y = string(b, at);
                    m.reserveString((long) x.length() + y.length(), at);
                    return new Value.Str(x + y);
                }
                case EQ: return Value.Bool.of(equal(a, b, at));
                case NE: return Value.Bool.of(!equal(a, b, at));
                case LT: return Value.Bool.of(compare(a, b, at) < 0);
                case LE: return Value.Bool.of(compare(a, b, at) <= 0);
                case GT: return Value.Bool.of(compare(a, b, at) > 0);
                case GE: return Value.Bool.of(compare(a, b, at) >= 0);
                case NEG:
                    if (a instanceof Value.Int) {
                        long x = ((Value.Int) a).value();
                        if (x == Long.MIN_VALUE) {
                            throw EvalError.at(at, "integer overflow in -");
                        }
                        return Value.Int.of(-x);
                    }
                    if (a instanceof Value.Flt) {
                        return new Value.Flt(-((Value.Flt) a).value());
                    }
                    throw EvalError.at(at, "unary - expects a number but got " + describe(a));
                case NOT:
                    if (a instanceof Value.Bool) {
                        return Value.Bool.of(!((Value.Bool) a).value());
                    }
                    throw EvalError.at(at, "not expects a boolean but got " + describe(a));
                default:
                    throw new IllegalStateException("operator " + this);
            }
        }
    }

    static String describe(Value v) {
        String s = Values.preview(v, 60);
        return s + " (" + v.kindName() + ")";
    }

    private static String string(Value v, Span at) {
        if (v instanceof Value.Str) {
            return ((Value.Str) v).value();
        }
        throw EvalError.at(at, "^ joins strings but got " + describe(v) + "; use to_string to convert");
    }

    private static Value arithmetic(Op op, Value a, Value b, Span at) {
        if (a instanceof Value.Int && b instanceof Value.Int) {
            long x = ((Value.Int) a).value();
            long y = ((Value.Int) b).value();
            try {
                switch (op) {
                    case ADD: return Value.Int.of(Math.addExact(x, y));
                    case SUB: return Value.Int.of(Math.subtractExact(x, y));
                    case MUL: return Value.Int.of(Math.multiplyExact(x, y));
                    case DIV:
                        if (y == 0) {
                            throw EvalError.at(at, "division by zero");
                        }
                        return Value.Int.of(x / y);
                    case MOD:
                        if (y == 0) {
                            throw EvalError.at(at, "division by zero (in %)");
                        }
                        return Value.Int.of(x % y);
                    default:
                        throw new IllegalStateException("operator " + op);
                }
            } catch (ArithmeticException e) {
                throw EvalError.at(at, "integer overflow in " + op.symbol);
            }
        }
        if (isNumber(a) && isNumber(b)) {
            double x = toDouble(a);
            double y = toDouble(b);
            switch (op) {
                case ADD: return new Value.Flt(x + y);
                case SUB: return new Value.Flt(x - y);
                case MUL: return new Value.Flt(x * y);
                case DIV:
                    if (y == 0) {
                        throw EvalError.at(at, "division by zero");
                    }
                    return new Value.Flt(x / y);
                case MOD:
                    if (y == 0) {
                        throw EvalError.at(at, "division by zero (in %)");
                    }
                    return new Value.Flt(x % y);
                default:
                    throw new IllegalStateException("operator " + op);
            }
        }
        Value bad = isNumber(a) ? b : a;
        String hint = op == Op.ADD && (a instanceof Value.Str || b instanceof Value.Str) ? "; use ^ to join strings" : "";
        throw EvalError.at(at, op.symbol + " expects numbers but got " + describe(bad) + hint);
    }

    static boolean isNumber(Value v) {
        return v instanceof Value.Int || v instanceof Value.Flt;
    }

    static double toDouble(Value v) {
        return v instanceof Value.Int ? ((Value.Int) v).value() : ((Value.Flt) v).value();
    }

    /** Most parts one comparison looks at: values that share parts can be far larger compared than held. */
    static final long MAX_EQUALITY_STEPS = 100_000_000L;

    /** Structural equality of fully known values; numbers compare by value across int and float. */
    public static boolean equal(Value a, Value b, Span at) {
        return equal(a, b, at, new long[] {MAX_EQUALITY_STEPS});
    }

    private static boolean equal(Value a, Value b, Span at, long[] left) {
        if (--left[0] < 0) {
            throw new EvalError(EvalError.Kind.MEMORY, "comparing these values looks at more than " + MAX_EQUALITY_STEPS
                    + " parts", at, null);
        }
        a = Values.deref(a);
        b = Values.deref(b);
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Value.Int && b instanceof Value.Int) {
                return ((Value.Int) a).value() == ((Value.Int) b).value();
            }
            return toDouble(a) == toDouble(b);
        }
        if (a == b && !(a instanceof Value.Fn)) {
            // The same part twice (shared structure): equal without looking inside.
            return true;
        }
        if (a instanceof Value.Fn || b instanceof Value.Fn) {
            throw EvalError.at(at, "cannot compare functions for equality");
        }
        if (a instanceof Value.Cons && b instanceof Value.Cons) {
            Value x = a;
            Value y = b;
            while (x instanceof Value.Cons && y instanceof Value.Cons) {
                if (!equal(((Value.Cons) x).head(), ((Value.Cons) y).head(), at, left)) {
                    return false;
                }
                x = Values.deref(((Value.Cons) x).tail());
                y = Values.deref(((Value.Cons) y).tail());
            }
            return x == Value.Nil.NIL && y == Value.Nil.NIL;
        }
        if (a instanceof Value.Tuple && b instanceof Value.Tuple) {
            List<Value> xs = ((Value.Tuple) a).elements();
            List<Value> ys = ((Value.Tuple) b).elements();
            if (xs.size() != ys.size()) {
                return false;
            }
            for (int i = 0; i < xs.size(); i++) {
                if (!equal(xs.get(i), ys.get(i), at, left)) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Value.Record && b instanceof Value.Record) {
            Map<String, Value> xs = ((Value.Record) a).fields();
            Map<String, Value> ys = ((Value.Record) b).fields();
            if (!xs.keySet().equals(ys.keySet())) {
                return false;
            }
            Iterator<Map.Entry<String, Value>> it = xs.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Value> e = it.next();
                if (!equal(e.getValue(), ys.get(e.getKey()), at, left)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Order of numbers, strings and booleans; anything else is an error. */
    public static int compare(Value a, Value b, Span at) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Value.Int && b instanceof Value.Int) {
                return Long.compare(((Value.Int) a).value(), ((Value.Int) b).value());
            }
            return Double.compare(toDouble(a), toDouble(b));
        }
        if (a instanceof Value.Str && b instanceof Value.Str) {
            return ((Value.Str) a).value().compareTo(((Value.Str) b).value());
        }
        if (a instanceof Value.Bool && b instanceof Value.Bool) {
            return Boolean.compare(((Value.Bool) a).value(), ((Value.Bool) b).value());
        }
        throw EvalError.at(at, "cannot order " + describe(a) + " and " + describe(b)
                + ": comparison works on two numbers, two strings or two booleans");
    }
}
