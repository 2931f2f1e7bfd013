package dev.epic.prob.infer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime inference plan (SIREN.md §5.1): per program variable, {@code sample} if the particle's state holds a
 * sampled {@code Delta} for any of its random variables, else {@code symbolic}; joined across particles by name
 * (mixed gives {@code dynamic}). Variables appear in order of first creation. Immutable.
 */
public final class RuntimePlan {
    private final Map<String, Encoding> encodings;

    private RuntimePlan(Map<String, Encoding> encodings) {
        this.encodings = Collections.unmodifiableMap(encodings);
    }

    public static RuntimePlan empty() {
        return new RuntimePlan(new LinkedHashMap<>());
    }

    /** The plan of one particle's state. */
    public static RuntimePlan of(SymbolicState state) {
        Map<String, Encoding> m = new LinkedHashMap<>();
        for (int id = 0, n = state.size(); id < n; id++) {
            Decl d = state.decl(id);
            if (d != null) {
                Encoding e = state.isSampled(id) ? Encoding.SAMPLE : Encoding.SYMBOLIC;
                m.merge(d.name(), e, (old, now) -> old == Encoding.SAMPLE || now == Encoding.SAMPLE
                        ? Encoding.SAMPLE : Encoding.SYMBOLIC);
            }
        }
        return new RuntimePlan(m);
    }

    /** The join of two plans: a variable in both keeps a common encoding or becomes dynamic. */
    public RuntimePlan join(RuntimePlan other) {
        Map<String, Encoding> m = new LinkedHashMap<>(encodings);
        other.encodings.forEach((k, v) -> m.merge(k, v, Encoding::join));
        return new RuntimePlan(m);
    }

    public Map<String, Encoding> encodings() {
        return encodings;
    }

    public Encoding get(String name) {
        return encodings.get(name);
    }

    /** One {@code var: encoding} line per variable, as the published output's runtime plan section. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        encodings.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuntimePlan p && p.encodings.equals(encodings);
    }

    @Override
    public int hashCode() {
        return encodings.hashCode();
    }
}
