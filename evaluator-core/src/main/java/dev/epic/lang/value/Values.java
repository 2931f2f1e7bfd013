package dev.epic.lang.value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Operations on values that any pass may need: following resolved cells, printing, equality, lists. */
public final class Values {
    private Values() {}

    /** Follows resolved {@link Pending} cells; returns an unresolved cell or a proper value. */
    public static Value deref(Value v) {
        while (v instanceof Pending && ((Pending) v).isResolved()) {
            v = ((Pending) v).value();
        }
        return v;
    }

    /**
     * A copy of {@code v} with every resolved cell replaced by its value. Only for values with no unresolved
     * cell left (see {@link #firstUnresolved}).
     */
    public static Value strip(Value v) {
        Value d = deref(v);
        if (!(d instanceof Value.Tuple || d instanceof Value.Record || d instanceof Value.Cons)) {
            // A number, a string, a function: nothing inside to strip, and no table to make for it.
            return d;
        }
        return strip(d, new java.util.IdentityHashMap<>());
    }

    /** {@code done}: parts already stripped, so that a value sharing its parts is stripped once per part. */
    private static Value strip(Value v, java.util.IdentityHashMap<Value, Value> done) {
        v = deref(v);
        if (!(v instanceof Value.Tuple || v instanceof Value.Record || v instanceof Value.Cons)) {
            return v;
        }
        Value known = done.get(v);
        if (known != null) {
            return known;
        }
        Value out = v;
        if (v instanceof Value.Tuple) {
            Value.Tuple t = (Value.Tuple) v;
            List<Value> es = new ArrayList<>(t.size());
            boolean changed = false;
            for (Value e : t.elements()) {
                Value s = strip(e, done);
                changed |= s != e;
                es.add(s);
            }
            out = changed ? new Value.Tuple(es) : t;
        } else if (v instanceof Value.Record) {
            Map<String, Value> fs = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<String, Value> e : ((Value.Record) v).fields().entrySet()) {
                Value s = strip(e.getValue(), done);
                changed |= s != e.getValue();
                fs.put(e.getKey(), s);
            }
            out = changed ? new Value.Record(fs) : v;
        } else {
            List<Value> heads = new ArrayList<>();
            boolean changed = false;
            Value cell = v;
            while (cell instanceof Value.Cons) {
                Value.Cons c = (Value.Cons) cell;
                Value h = strip(c.head(), done);
                changed |= h != c.head() || c.tail() instanceof Pending;
                heads.add(h);
                cell = deref(c.tail());
            }
            out = changed ? fromList(heads) : v;
        }
        done.put(v, out);
        return out;
    }

    /** The first unresolved cell reachable from {@code v}, or null if it is fully known. */
    public static Pending firstUnresolved(Value v) {
        List<Value> work = new ArrayList<>();
        work.add(v);
        while (!work.isEmpty()) {
            Value x = deref(work.remove(work.size() - 1));
            if (x instanceof Pending) {
                return (Pending) x;
            } else if (x instanceof Value.Tuple) {
                work.addAll(((Value.Tuple) x).elements());
            } else if (x instanceof Value.Record) {
                work.addAll(((Value.Record) x).fields().values());
            } else if (x instanceof Value.Cons) {
                Value cell = x;
                while (cell instanceof Value.Cons) {
                    work.add(((Value.Cons) cell).head());
                    cell = deref(((Value.Cons) cell).tail());
                }
                if (cell instanceof Pending) {
                    return (Pending) cell;
                }
            }
        }
        return null;
    }

    public static Value fromList(List<Value> xs) {
        Value out = Value.Nil.NIL;
        for (int i = xs.size() - 1; i >= 0; i--) {
            out = new Value.Cons(xs.get(i), out);
        }
        return out;
    }

    /** The elements of a fully resolved list, or null if {@code v} is not a list. */
    public static List<Value> toList(Value v) {
        List<Value> out = new ArrayList<>();
        Value cell = deref(v);
        while (cell instanceof Value.Cons) {
            out.add(deref(((Value.Cons) cell).head()));
            cell = deref(((Value.Cons) cell).tail());
        }
        return cell == Value.Nil.NIL ? out : null;
    }

    /**
     * Longest text {@link #show} and {@link #display} make without a cap of their own: values that share structure
     * can be far larger printed than held ({@code let t = (t, t, t)} sixty times holds 60 tuples and prints 3^60).
     */
    public static final int DEFAULT_MAX_TEXT = 64 * 1024 * 1024;

    /** A value whose text would be longer than a cap: raised by {@link #show(Value, int)} and {@link #display(Value, int)}. */
    public static final class TooLarge extends RuntimeException {
        private final long cap;

        public TooLarge(long cap) {
            super(cap < 0 ? "the value is too large to write out (it shares its parts more than it can be expanded)"
                    : "the value is too large to show as text (more than " + cap + " characters)", null, false, false);
            this.cap = cap;
        }

        public long cap() {
            return cap;
        }
    }

    /** How a program's result is shown: strings bare, everything else as {@link #show}. */
    public static String display(Value v) {
        return display(v, DEFAULT_MAX_TEXT);
    }

    /** The same, failing with {@link TooLarge} past {@code maxChars} characters. */
    public static String display(Value v, int maxChars) {
        v = deref(v);
        if (v instanceof Value.Str) {
            String s = ((Value.Str) v).value();
            if (s.length() > maxChars) {
                throw new TooLarge(maxChars);
            }
            return s;
        }
        return show(v, maxChars);
    }

    /** Source-like text of a value: strings quoted, lists in brackets. */
    public static String show(Value v) {
        return show(v, DEFAULT_MAX_TEXT);
    }

    /** The same, failing with {@link TooLarge} past {@code maxChars} characters. */
    public static String show(Value v, int maxChars) {
        StringBuilder sb = new StringBuilder();
        show(v, sb, maxChars);
        if (sb.length() > maxChars) {
            throw new TooLarge(maxChars);
        }
        return sb.toString();
    }

    /** At most {@code maxChars} characters of the text of {@code v}, ending in "…" if cut: for messages. */
    public static String preview(Value v, int maxChars) {
        StringBuilder sb = new StringBuilder();
        try {
            show(v, sb, maxChars);
            return sb.toString();
        } catch (TooLarge e) {
            return sb.substring(0, Math.min(sb.length(), maxChars)) + "…";
        }
    }

    private static void show(Value v, StringBuilder sb, int cap) {
        if (sb.length() > cap) {
            throw new TooLarge(cap);
        }
        v = deref(v);
        if (v instanceof Value.Int) {
            sb.append(((Value.Int) v).value());
        } else if (v instanceof Value.Flt) {
            sb.append(formatFloat(((Value.Flt) v).value()));
        } else if (v instanceof Value.Str) {
            quote(((Value.Str) v).value(), sb);
        } else if (v instanceof Value.Bool) {
            sb.append(((Value.Bool) v).value());
        } else if (v == Value.Unit.UNIT) {
            sb.append("()");
        } else if (v instanceof Value.Tuple) {
            sb.append('(');
            List<Value> es = ((Value.Tuple) v).elements();
            for (int i = 0; i < es.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                show(es.get(i), sb, cap);
            }
            sb.append(')');
        } else if (v instanceof Value.Cons || v == Value.Nil.NIL) {
            sb.append('[');
            Value cell = v;
            boolean first = true;
            while (cell instanceof Value.Cons) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                show(((Value.Cons) cell).head(), sb, cap);
                cell = deref(((Value.Cons) cell).tail());
            }
            if (cell instanceof Pending) {
                sb.append(first ? "…" : ", …");
            }
            sb.append(']');
        } else if (v instanceof Value.Record) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Value> e : ((Value.Record) v).fields().entrySet()) {
                if (!first) {
                    sb.append("; ");
                }
                first = false;
                sb.append(e.getKey()).append(" = ");
                show(e.getValue(), sb, cap);
            }
            sb.append('}');
        } else if (v instanceof Value.Opaque) {
            sb.append(((Value.Opaque) v).show());
        } else if (v instanceof Value.Fn) {
            sb.append("<fun ").append(((Value.Fn) v).name()).append('>');
        } else if (v instanceof Pending) {
            sb.append("<pending>");
        } else {
            throw new IllegalStateException("unknown value " + v);
        }
    }

    public static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "infinity" : "-infinity";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.format("%.1f", d);
        }
        return Double.toString(d);
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                case '\r': sb.append("\\r"); break;
                case '$': sb.append(i + 1 < s.length() && s.charAt(i + 1) == '{' ? "\\$" : "$"); break;
                default:
                    if (c < 32) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
