package dev.epic.pasta.decode;

import dev.epic.pasta.parse.Flag;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the metrics of every PASTA answer of a run (for {@code epic run --stats}). Thread-safe.
 */
public final class PastaRecorder {
    private final List<PastaMetrics> answers = new ArrayList<>();

    public synchronized void record(PastaMetrics m) {
        answers.add(m);
    }

    public synchronized List<PastaMetrics> answers() {
        return new ArrayList<>(answers);
    }

    /** The run's answers together: sums, the speedup of the sums, and the geometric mean of per-answer speedups. */
    public record Summary(int answers, long criticalSteps, long tokensDecoded, long sequentialTokens, int promises, int rounds,
                          int overran, double wallMs, double speedup, double geomeanSpeedup, Map<Flag, Integer> flags) {}

    public synchronized Summary summary() {
        long s = 0;
        long w = 0;
        long seq = 0;
        int promises = 0;
        int rounds = 0;
        int overran = 0;
        double wall = 0;
        Map<Flag, Integer> flags = new EnumMap<>(Flag.class);
        for (PastaMetrics m : answers) {
            s += m.criticalSteps();
            w += m.tokensDecoded();
            seq += m.sequentialTokens();
            promises += m.promises();
            rounds += m.rounds();
            overran += m.overran();
            wall += m.wallMs();
            m.flags().forEach((f, n) -> flags.merge(f, n, Integer::sum));
        }
        double speedup = s == 0 ? 1.0 : (double) seq / s;
        double geomean = PastaMetrics.geomean(answers.stream().mapToDouble(PastaMetrics::speedup));
        return new Summary(answers.size(), s, w, seq, promises, rounds, overran, wall, speedup, geomean, flags);
    }
}
