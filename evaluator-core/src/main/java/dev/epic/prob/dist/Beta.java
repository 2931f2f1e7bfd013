package dev.epic.prob.dist;

import dev.epic.prob.rand.RandomStream;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;

/** {@code beta(a, b)}: shapes a, b on [0, 1]. */
public final class Beta {
    public static final String NAME = "beta";

    private Beta() {}

    public static void check(double a, double b) {
        Check.positive(NAME, "a", a);
        Check.positive(NAME, "b", b);
    }

    /** −log B(a, b) + (a−1)·log x + (b−1)·log(1−x) on [0, 1], −∞ outside. */
    public static double logDensity(double a, double b, double x) {
        check(a, b);
        if (!(x >= 0 && x <= 1)) {
            return Double.NEGATIVE_INFINITY;
        }
        return -LogBeta.value(a, b) + Check.xlogy(a - 1, x) + Check.xlog1py(b - 1, -x);
    }

    /** Cheng's algorithm (Commons RNG); one sampler object per draw, as the shapes change from draw to draw. */
    public static double draw(RandomStream random, double a, double b) {
        check(a, b);
        return ChengBetaSampler.of(random, a, b).sample();
    }

    public static double mean(double a, double b) {
        check(a, b);
        return a / (a + b);
    }

    public static double variance(double a, double b) {
        check(a, b);
        double s = a + b;
        return a * b / (s * s * (s + 1));
    }
}
