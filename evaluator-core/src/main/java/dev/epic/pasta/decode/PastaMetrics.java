package dev.epic.pasta.decode;

import dev.epic.pasta.parse.Flag;
import java.util.Map;
import java.util.stream.DoubleStream;

/**
 * The decoding cost of one PASTA answer, counted in tokens (one decode step per token of a thread).
 *
 * <ul>
 *   <li>{@code criticalSteps} (S): decode steps on the critical path — per sync round, the longer of the main
 *       thread's tokens and, for each chunk of the round, the main-thread position of its promise plus the
 *       chunk's tokens; summed over rounds;</li>
 *   <li>{@code tokensDecoded} (W): tokens decoded by all threads, tags included ({@code mainTokens} +
 *       {@code chunkTokens});</li>
 *   <li>{@code sequentialTokens}: tokens of the stitched answer decoded as one plain stream (counted with the
 *       simulated engine's tokenizer: exact there, an estimate for other servers);</li>
 *   <li>{@code speedup}: {@code sequentialTokens / criticalSteps};</li>
 *   <li>{@code wallMs}: from the first decode to the stitched answer.</li>
 * </ul>
 */
public record PastaMetrics(long criticalSteps, long tokensDecoded, long mainTokens, long chunkTokens, long sequentialTokens,
                           int promises, int rounds, int decodeCalls, int overran, double wallMs, Map<Flag, Integer> flags) {
    public PastaMetrics {
        flags = Map.copyOf(flags);
    }

    public double speedup() {
        return criticalSteps == 0 ? 1.0 : (double) sequentialTokens / criticalSteps;
    }

    /** The geometric mean of speedups (1 for none): how every PASTA summary averages them. */
    public static double geomean(DoubleStream speedups) {
        return Math.exp(speedups.map(Math::log).average().orElse(0));
    }
}
