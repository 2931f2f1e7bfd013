package dev.epic.cluster.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A value of the language as it crosses nodes: a flat table of nodes that refer to each other by index, the
 * root first. Sharing and the cycles of {@code let rec} environments survive the trip, and no Java object
 * does: a closure is the number of its function literal ({@link dev.epic.lang.eval.CodeIndex}) and its
 * environment, a builtin or prelude function is its global slot. {@link WireCodec} builds and reads it.
 */
public record WireGraph(List<Node> nodes) implements CborSerializable {
    public WireGraph {
        nodes = List.copyOf(nodes);
    }

    /** No index: the end of an environment chain. */
    public static final int NONE = -1;

    /** An upper estimate of the encoded size in bytes (CBOR: a few bytes a node, strings at most 3 bytes a char). */
    public long estimatedBytes() {
        long n = 0;
        for (Node x : nodes) {
            n += 24;
            if (x instanceof Str) {
                n += 3L * ((Str) x).value().length();
            } else if (x instanceof Tuple) {
                n += 5L * ((Tuple) x).elements().length;
            } else if (x instanceof Record) {
                Record r = (Record) x;
                n += 5L * r.values().length;
                for (String name : r.names()) {
                    n += 3L * name.length();
                }
            } else if (x instanceof Partial) {
                n += 5L * ((Partial) x).args().length;
            }
        }
        return n;
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Unit.class, name = "unit"),
        @JsonSubTypes.Type(value = Bool.class, name = "bool"),
        @JsonSubTypes.Type(value = Int.class, name = "int"),
        @JsonSubTypes.Type(value = Flt.class, name = "float"),
        @JsonSubTypes.Type(value = Str.class, name = "str"),
        @JsonSubTypes.Type(value = Tuple.class, name = "tuple"),
        @JsonSubTypes.Type(value = Cons.class, name = "cons"),
        @JsonSubTypes.Type(value = Nil.class, name = "nil"),
        @JsonSubTypes.Type(value = Record.class, name = "record"),
        @JsonSubTypes.Type(value = Global.class, name = "global"),
        @JsonSubTypes.Type(value = Closure.class, name = "closure"),
        @JsonSubTypes.Type(value = Env.class, name = "env"),
        @JsonSubTypes.Type(value = Partial.class, name = "partial")
    })
    public sealed interface Node permits Unit, Bool, Int, Flt, Str, Tuple, Cons, Nil, Record, Global, Closure, Env,
            Partial {}

    public record Unit() implements Node {}

    public record Bool(boolean value) implements Node {}

    public record Int(long value) implements Node {}

    public record Flt(double value) implements Node {}

    public record Str(String value) implements Node {}

    public record Tuple(int[] elements) implements Node {}

    public record Cons(int head, int tail) implements Node {}

    public record Nil() implements Node {}

    public record Record(List<String> names, int[] values) implements Node {}

    /** A builtin, prelude or external function, by its global slot (and name, to catch mismatched numbering). */
    public record Global(int slot, String name) implements Node {}

    /** A closure: function literal number and environment node ({@link #NONE} for the empty one). */
    public record Closure(int code, int env) implements Node {}

    /** One environment cell: its value node and the next cell ({@link #NONE} at the end). */
    public record Env(int value, int next) implements Node {}

    /** A builtin applied to some of its arguments. */
    public record Partial(int builtin, int[] args) implements Node {}
}
