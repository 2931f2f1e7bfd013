package dev.epic.lang.builtins;

import static dev.epic.lang.builtins.Natives.def;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.lang.compile.Globals;
import dev.epic.lang.eval.Builtin.Strictness;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code Json.parse} and {@code Json.to_string}: JSON text to and from lists, records and host values. */
public final class JsonBuiltins {
    private JsonBuiltins() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static void install(Globals g) {
        Natives.defSized(g, "Json.parse", 1, Strictness.SHALLOW, (m, a, at) -> {
            String text = Natives.str(a[0], "Json.parse", at);
            // The parsed tree and the values built from it: a few times the text.
            m.reserve(8L * text.length());
            try {
                return fromJson(MAPPER.readTree(text));
            } catch (JsonProcessingException e) {
                throw EvalError.at(at, "Json.parse: not valid JSON: " + e.getOriginalMessage());
            }
        });
        Natives.defSized(g, "Json.to_string", 1, Strictness.DEEP, (m, a, at) -> {
            int cap = m.budget().maxStringChars();
            // Each node of the tree built first costs some 64 bytes: no more of them than the job has room for.
            long room = m.budget().limitBytes() - m.budget().lastHeld();
            String text = toJson(a[0], at, (int) Math.min(cap, Math.max(1024, room / 64))).toString();
            if (text.length() > cap) {
                throw new Values.TooLarge(cap);
            }
            return Natives.string(m, text, at);
        });
    }

    /** Objects become records, arrays lists, null unit. */
    public static Value fromJson(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return Value.Unit.UNIT;
        }
        if (n.isBoolean()) {
            return Value.Bool.of(n.booleanValue());
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return Value.Int.of(n.longValue());
        }
        if (n.isNumber()) {
            return new Value.Flt(n.doubleValue());
        }
        if (n.isTextual()) {
            return new Value.Str(n.textValue());
        }
        if (n.isArray()) {
            List<Value> out = new ArrayList<>();
            for (JsonNode e : n) {
                out.add(fromJson(e));
            }
            return Values.fromList(out);
        }
        Map<String, Value> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            fields.put(e.getKey(), fromJson(e.getValue()));
        }
        return new Value.Record(fields);
    }

    /** Tuples become arrays too; functions have no JSON form. At most {@link Values#DEFAULT_MAX_TEXT} nodes. */
    public static JsonNode toJson(Value v, Span at) {
        return toJson(v, at, Values.DEFAULT_MAX_TEXT);
    }

    /**
     * The same, with at most {@code maxNodes} nodes: a value that shares its parts (a tuple of the same tuple three
     * times, sixty deep) is small to hold and astronomically large written out, and fails with
     * {@link Values.TooLarge} instead.
     */
    public static JsonNode toJson(Value v, Span at, int maxNodes) {
        return toJson(v, at, new int[] {maxNodes});
    }

    private static JsonNode toJson(Value v, Span at, int[] left) {
        if (--left[0] < 0) {
            throw new Values.TooLarge(-1);
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        v = Values.deref(v);
        if (v == Value.Unit.UNIT) {
            return f.nullNode();
        }
        if (v instanceof Value.Bool) {
            return f.booleanNode(((Value.Bool) v).value());
        }
        if (v instanceof Value.Int) {
            return f.numberNode(((Value.Int) v).value());
        }
        if (v instanceof Value.Flt) {
            return f.numberNode(((Value.Flt) v).value());
        }
        if (v instanceof Value.Str) {
            return f.textNode(((Value.Str) v).value());
        }
        if (v instanceof Value.Tuple || v instanceof Value.Cons || v == Value.Nil.NIL) {
            ArrayNode arr = f.arrayNode();
            List<Value> xs = v instanceof Value.Tuple ? ((Value.Tuple) v).elements() : Values.toList(v);
            for (Value x : xs) {
                arr.add(toJson(x, at, left));
            }
            return arr;
        }
        if (v instanceof Value.Record) {
            ObjectNode obj = f.objectNode();
            for (Map.Entry<String, Value> e : ((Value.Record) v).fields().entrySet()) {
                obj.set(e.getKey(), toJson(e.getValue(), at, left));
            }
            return obj;
        }
        throw EvalError.at(at, "Json.to_string: " + Values.preview(v, 200) + " (" + v.kindName() + ") has no JSON form");
    }
}
