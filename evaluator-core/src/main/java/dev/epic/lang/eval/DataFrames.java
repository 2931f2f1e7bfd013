package dev.epic.lang.eval;

import dev.epic.lang.value.Pending;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The continuation frames of the {@link Machine} for operators and data: unary and binary operators (waiting
 * for their operands as far as they inspect them), cons cells, tuples, lists, records, interpolated strings
 * and record fields.
 */
final class DataFrames {
    private DataFrames() {}

    static final class UnaryApply extends Frame {
        final Code.Unary code;

        UnaryApply(Code.Unary code) {
            this.code = code;
        }

        public void resume(Machine m, Value v) {
            Value d = Values.deref(v);
            if (d instanceof Pending) {
                m.await((Pending) d, this);
                return;
            }
            m.countReduction();
            m.ret(code.op.apply(m, d, null, code.span));
        }

        public boolean acceptsPending() {
            return false;
        }
    }

    static final class BinaryLeft extends Frame {
        final Code.Binary code;
        final Env env;

        BinaryLeft(Code.Binary code, Env env) {
            this.code = code;
            this.env = env;
        }

        public void resume(Machine m, Value left) {
            m.push(new BinaryApply(code, left));
            m.eval(code.right, env);
        }

        @Override
        int meterRefs(java.util.function.Consumer<Object> out) {
            out.accept(env);
            return 3;
        }
    }

    /** Both operands evaluated; wait for them as far as the operator inspects, then apply it. */
    static final class BinaryApply extends Frame {
        final Code.Binary code;
        final Value left;
        private Value right;

        BinaryApply(Code.Binary code, Value left) {
            this.code = code;
            this.left = left;
        }

        @Override
        public Frame copy() {
            BinaryApply c = new BinaryApply(code, left);
            c.right = right;
            c.chain = chain;
            return c;
        }

        @Override
        int meterRefs(java.util.function.Consumer<Object> out) {
            out.accept(left);
            out.accept(right);
            return 4;
        }

        public void resume(Machine m, Value v) {
            if (right == null) {
                right = v;
            }
            if (code.op.deep() && !(leaf(left) && leaf(right))) {
                m.push(new DeepBinary(code));
                m.push(new Frames.DeepForce());
                m.ret(Value.Tuple.of(left, right));
                return;
            }
            Value l = Values.deref(left);
            Value r = Values.deref(right);
            if (l instanceof Pending || r instanceof Pending) {
                m.await((Pending) (l instanceof Pending ? l : r), this);
                return;
            }
            m.countReduction();
            m.ret(code.op.apply(m, l, r, code.span));
        }

        public boolean acceptsPending() {
            return false;
        }
    }

    /**
     * Whether a deep operator's operand is known whole already: a number, a string, a function — not a structure
     * that may hide a pending part, nor a pending value. Two such operands ({@code n = 0}) are compared at once,
     * without a tuple and a walk to force them.
     */
    private static boolean leaf(Value v) {
        Value d = Values.deref(v);
        return !(d instanceof Value.Tuple || d instanceof Value.Record || d instanceof Value.Cons || d instanceof Pending);
    }

    static final class DeepBinary extends Frame {
        final Code.Binary code;

        DeepBinary(Code.Binary code) {
            this.code = code;
        }

        public void resume(Machine m, Value both) {
            Value.Tuple t = (Value.Tuple) both;
            m.countReduction();
            m.ret(code.op.apply(m, t.get(0), t.get(1), code.span));
        }

        public boolean acceptsPending() {
            return false;
        }
    }

    static final class ConsHead extends Frame {
        final Code.Cons code;
        final Env env;

        ConsHead(Code.Cons code, Env env) {
            this.code = code;
            this.env = env;
        }

        public void resume(Machine m, Value head) {
            m.push(new ConsTail(head));
            m.eval(code.tail, env);
        }
    }

    /** {@code h :: t} does not look at {@code t}: a list may end in a pending tail. */
    static final class ConsTail extends Frame {
        final Value head;

        ConsTail(Value head) {
            this.head = head;
        }

        public void resume(Machine m, Value tail) {
            m.countReduction();
            m.charge(40);
            m.ret(new Value.Cons(head, tail));
        }
    }

    static final class Collecting extends Frame {
        final Code.Collect code;
        final Env env;
        private final Value[] values;
        private int next;

        Collecting(Code.Collect code, Env env) {
            this.code = code;
            this.env = env;
            this.values = new Value[code.parts.length];
        }

        @Override
        public Frame copy() {
            Collecting c = new Collecting(code, env);
            System.arraycopy(values, 0, c.values, 0, next);
            c.next = next;
            c.chain = chain;
            return c;
        }

        public void resume(Machine m, Value v) {
            values[next++] = v;
            if (next < values.length) {
                m.push(this);
                m.eval(code.parts[next], env);
                return;
            }
            if (code.shape == Code.Collect.Shape.INTERP) {
                m.push(new Interpolate());
                m.push(new Frames.DeepForce());
                m.ret(new Value.Tuple(List.of(values)));
                return;
            }
            m.ret(build(code, values, m));
        }

        static Value build(Code.Collect code, Value[] values, Machine m) {
            m.charge(code.shape == Code.Collect.Shape.RECORD ? 80 + 56L * values.length : 48 + 40L * values.length);
            switch (code.shape) {
                case TUPLE:
                    return new Value.Tuple(List.of(values));
                case LIST: {
                    Value out = Value.Nil.NIL;
                    for (int i = values.length - 1; i >= 0; i--) {
                        out = new Value.Cons(values[i], out);
                    }
                    return out;
                }
                case RECORD: {
                    Map<String, Value> fields = new LinkedHashMap<>();
                    for (int i = 0; i < values.length; i++) {
                        fields.put(code.names[i], values[i]);
                    }
                    return new Value.Record(fields);
                }
                case INTERP:
                    return new Value.Str("");
                default:
                    throw new IllegalStateException("shape " + code.shape);
            }
        }
    }

    static final class Interpolate extends Frame {
        public void resume(Machine m, Value parts) {
            StringBuilder sb = new StringBuilder();
            int cap = m.budget().maxStringChars();
            for (Value p : ((Value.Tuple) parts).elements()) {
                sb.append(Values.display(p, Math.max(0, cap - sb.length())));
            }
            m.reserveString(sb.length(), null);
            m.countReduction();
            m.ret(new Value.Str(sb.toString()));
        }

        public boolean acceptsPending() {
            return false;
        }
    }

    static final class FieldGet extends Frame {
        final Code.Field code;

        FieldGet(Code.Field code) {
            this.code = code;
        }

        public void resume(Machine m, Value v) {
            Value d = Values.deref(v);
            if (d instanceof Pending) {
                m.await((Pending) d, this);
                return;
            }
            if (!(d instanceof Value.Record)) {
                throw EvalError.at(code.span, "cannot take field '" + code.name + "' of " + Values.preview(d, 200) + ": it is "
                        + d.kindName() + ", not a record");
            }
            Value f = ((Value.Record) d).fields().get(code.name);
            if (f == null) {
                throw EvalError.at(code.span, "record " + Values.preview(d, 200) + " has no field '" + code.name + "'");
            }
            m.countReduction();
            m.ret(f);
        }

        public boolean acceptsPending() {
            return false;
        }
    }
}
