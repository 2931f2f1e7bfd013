package dev.epic.prob.smc;

import dev.epic.lang.eval.EvalError;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weighted average of the particles' means, part by part: numbers averaged with the particles' weights,
 * booleans as the probability of {@code true} (a boolean every particle agrees on stays a boolean), tuples, lists
 * and records element-wise; other values (strings, unit) must be the same in every particle.
 */
final class Posterior {
    private Posterior() {}

    static Value average(List<Value> means, double[] weights, double total, Span at) {
        Value first = means.get(0);
        if (first instanceof Value.Flt || first instanceof Value.Bool && !allSame(means)) {
            double sum = 0;
            for (int i = 0; i < means.size(); i++) {
                sum += weights[i] * number(means.get(i), at);
            }
            return new Value.Flt(sum / total);
        }
        if (first instanceof Value.Tuple || first instanceof Value.Cons || first == Value.Nil.NIL) {
            // Each particle's parts once (a list is walked once, not once per element).
            List<List<Value>> parts = new ArrayList<>(means.size());
            List<Value> firstParts = elements(first);
            for (Value m : means) {
                List<Value> xs = elements(m);
                if (xs == null || xs.size() != firstParts.size() || (m instanceof Value.Tuple) != (first instanceof Value.Tuple)) {
                    throw shapes(first, m, at);
                }
                parts.add(xs);
            }
            List<Value> out = new ArrayList<>(firstParts.size());
            List<Value> column = new ArrayList<>(means.size());
            for (int k = 0; k < firstParts.size(); k++) {
                column.clear();
                for (List<Value> xs : parts) {
                    column.add(xs.get(k));
                }
                out.add(average(column, weights, total, at));
            }
            return first instanceof Value.Tuple ? new Value.Tuple(out) : Values.fromList(out);
        }
        if (first instanceof Value.Record) {
            Map<String, Value> out = new LinkedHashMap<>();
            for (String name : ((Value.Record) first).fields().keySet()) {
                List<Value> field = new ArrayList<>(means.size());
                for (Value m : means) {
                    Value f = m instanceof Value.Record ? ((Value.Record) m).fields().get(name) : null;
                    if (f == null) {
                        throw shapes(first, m, at);
                    }
                    field.add(f);
                }
                out.put(name, average(field, weights, total, at));
            }
            return new Value.Record(out);
        }
        for (Value m : means) {
            if (!m.equals(first)) {
                throw shapes(first, m, at);
            }
        }
        return first;
    }

    private static boolean allSame(List<Value> values) {
        Value first = values.get(0);
        for (Value v : values) {
            if (!v.equals(first)) {
                return false;
            }
        }
        return true;
    }

    private static double number(Value v, Span at) {
        if (v instanceof Value.Flt) {
            return ((Value.Flt) v).value();
        }
        if (v instanceof Value.Bool) {
            return ((Value.Bool) v).value() ? 1 : 0;
        }
        throw EvalError.at(at, "the particles' results differ in kind: a number in one, " + Values.preview(v, 40) + " in another");
    }

    private static List<Value> elements(Value v) {
        return v instanceof Value.Tuple ? ((Value.Tuple) v).elements() : Values.toList(v);
    }

    private static EvalError shapes(Value a, Value b, Span at) {
        return EvalError.at(at, "the particles' results have different shapes (" + Values.preview(a, 40) + " and "
                + Values.preview(b, 40) + "), so they have no mean");
    }
}
