package dev.epic.prob.analysis;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The analysis's bounds ({@code epic.prob.analysis} in {@code reference.conf}). Hitting one is never silent: the
 * result says so, and every {@code symbolic} annotation it can no longer guarantee is reported.
 *
 * @param maxPaths abstract executions followed at once (paths fork at an {@code if} on an unknown condition and
 *     merge when their states and values coincide)
 * @param maxFoldIterations iterations of a {@code fold} over a list of unknown length that are followed
 * @param maxStateSize random variables one path may create
 * @param maxExpressionSize nodes of one symbolic expression the program builds (counted as a tree: an if-then-else
 *     over a random position that doubles at each step is exponential for the analysis as for inference)
 */
public record AnalysisSettings(int maxPaths, int maxFoldIterations, int maxStateSize, int maxExpressionSize) {
    public static AnalysisSettings fromConfig(Config config) {
        Config c = config.getConfig("epic.prob.analysis");
        return new AnalysisSettings(c.getInt("max-paths"), c.getInt("max-fold-iterations"), c.getInt("max-state-size"),
                c.getInt("max-expression-size"));
    }

    /** The settings of {@code reference.conf}. */
    public static AnalysisSettings defaults() {
        return Holder.DEFAULTS;
    }

    private static final class Holder {
        static final AnalysisSettings DEFAULTS = fromConfig(ConfigFactory.load());
    }
}
