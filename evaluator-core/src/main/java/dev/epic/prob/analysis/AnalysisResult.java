package dev.epic.prob.analysis;

import dev.epic.prob.infer.Algorithm;
import dev.epic.prob.infer.Encoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The verdict on one program under one algorithm: the inferred plan (each variable symbolic, sample or dynamic, in
 * order of first creation), the {@code symbolic} annotations that might not be honoured, notes (bounds hit, data
 * that could not be read, errors), whether the analysis ran to its end, and how long it took.
 */
public record AnalysisResult(String program, Algorithm algorithm, Map<String, Encoding> plan,
        List<Violation> violations, List<String> notes, boolean complete, long nanos) {

    /** Every {@code symbolic} annotation is guaranteed (and the program parsed). */
    public boolean accepted() {
        return violations.isEmpty() && (complete || notes.isEmpty());
    }

    /** What {@code epic check} prints for this program: its plan, then its errors and notes. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("===== " + program + " (" + algorithm.name().toLowerCase(java.util.Locale.ROOT) + ") =====");
        plan.forEach((k, v) -> out.add(k + ": " + v));
        for (Violation v : violations) {
            out.add(v.message());
        }
        for (String n : notes) {
            out.add(program + ": note: " + n);
        }
        return out;
    }
}
