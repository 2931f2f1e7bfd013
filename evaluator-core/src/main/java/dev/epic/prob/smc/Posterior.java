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
        if (first instanceof Value.Tuple) {
            int size = ((Value.Tuple) first).size();
            List<Value> out = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                out.add(average(parts(means, k, at), weights, total, at));
            }
            return new Value.Tuple(out);
        }
        if (first instanceof Value.Cons || first == Value.Nil.NIL) {
            int size = Values.toList(first).size();
            List<Value> out = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                out.add(average(parts(means, k, at), weights, total, at));
            }
            return Values.fromList(out);
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

    /** Part {@code k} of every particle's tuple or list. */
    private static List<Value> parts(List<Value> means, int k, Span at) {
        List<Value> out = new ArrayList<>(means.size());
        Value first = means.get(0);
        for (Value m : means) {
            List<Value> xs = m instanceof Value.Tuple ? ((Value.Tuple) m).elements() : Values.toList(m);
            List<Value> firstParts = first instanceof Value.Tuple ? ((Value.Tuple) first).elements() : Values.toList(first);
            if (xs == null || xs.size() != firstParts.size()) {
                throw shapes(first, m, at);
            }
            out.add(xs.get(k));
        }
        return out;
    }

    private static EvalError shapes(Value a, Value b, Span at) {
        return EvalError.at(at, "the particles' results have different shapes (" + Values.preview(a, 40) + " and "
                + Values.preview(b, 40) + "), so they have no mean");
    }
}
