package dev.epic.lang.value;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run-time value. Immutable, except that a {@link Pending} is filled in once. Lists are cons cells so that a
 * list can grow while it is consumed: the tail of a {@link Cons} may be a pending value.
 */
public sealed interface Value permits Value.Unit, Value.Bool, Value.Int, Value.Flt, Value.Str, Value.Tuple,
        Value.Cons, Value.Nil, Value.Record, Value.Fn, Value.Opaque, Pending {

    /** A short name of the value's kind, for error messages: "an integer", "a list" … */
    String kindName();

    enum Unit implements Value {
        UNIT;

        public String kindName() {
            return "unit";
        }
    }

    record Bool(boolean value) implements Value {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);

        public static Bool of(boolean b) {
            return b ? TRUE : FALSE;
        }

        public String kindName() {
            return "a boolean";
        }
    }

    record Int(long value) implements Value {
        private static final Int[] SMALL = new Int[1024 + 128];

        static {
            for (int i = 0; i < SMALL.length; i++) {
                SMALL[i] = new Int(i - 128);
            }
        }

        public static Int of(long v) {
            return v >= -128 && v < 1024 ? SMALL[(int) v + 128] : new Int(v);
        }

        public String kindName() {
            return "an integer";
        }
    }

    record Flt(double value) implements Value {
        public String kindName() {
            return "a float";
        }
    }

    record Str(String value) implements Value {
        public String kindName() {
            return "a string";
        }
    }

    record Tuple(List<Value> elements) implements Value {
        public Tuple {
            elements = List.copyOf(elements);
        }

        public static Tuple of(Value... elements) {
            return new Tuple(List.of(elements));
        }

        public int size() {
            return elements.size();
        }

        public Value get(int i) {
            return elements.get(i);
        }

        public String kindName() {
            return "a " + elements.size() + "-tuple";
        }
    }

    record Cons(Value head, Value tail) implements Value {
        public String kindName() {
            return "a list";
        }
    }

    enum Nil implements Value {
        NIL;

        public String kindName() {
            return "a list";
        }
    }

    /** Fields in the order they were written. */
    record Record(Map<String, Value> fields) implements Value {
        public Record {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public String kindName() {
            return "a record";
        }
    }

    /**
     * A value of a layer above the language — a random variable, a symbolic expression, a distribution of the
     * probabilistic layer. The language stores and passes it like any value; an operator, an {@code if} or an
     * equality that meets one asks the machine's host to deal with it ({@code MachineHost#operate},
     * {@code MachineHost#decide}), since only the layer that made it knows what it means.
     */
    non-sealed interface Opaque extends Value {
        /** How the value prints: source-like, as {@link Values#show} prints the language's own values. */
        default String show() {
            return toString();
        }

        default String kindName() {
            return "a value of the probabilistic layer";
        }
    }

    /** Anything that can be applied: closures, builtins, external functions, partial applications. */
    non-sealed interface Fn extends Value {
        /** A name for messages and printing, e.g. {@code List.map} or {@code fun}. */
        String name();

        default String kindName() {
            return "a function";
        }
    }
}
