package dev.epic.prob.dist;

import dev.epic.prob.rand.RandomStream;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;

/** {@code poisson(l)}: rate l ≥ 0. */
public final class Poisson {
    public static final String NAME = "poisson";
    /** The largest mean Commons RNG's Poisson sampler accepts. */
    private static final double MAX_MEAN = 0.5 * Integer.MAX_VALUE;

    private Poisson() {}

    public static void check(double l) {
        Check.nonNegative(NAME, "l", l);
    }

    /** x·log l − l − log x! for integer x ≥ 0, −∞ otherwise. */
    public static double logDensity(double l, double x) {
        check(l);
        if (!Check.integerIn(x, 0, Double.MAX_VALUE)) {
            return Double.NEGATIVE_INFINITY;
        }
        return Check.xlogy(x, l) - l - LogGamma.value(x + 1);
    }

    /** Commons RNG's Poisson sampler (small-mean or large-mean algorithm by the mean). */
    public static double draw(RandomStream random, double l) {
        check(l);
        if (l == 0) {
            return 0;
        }
        if (l > MAX_MEAN) {
            throw new InvalidDistributionException(NAME, "l", "must be at most " + MAX_MEAN + " to be drawn", l);
        }
        return PoissonSampler.of(random, l).sample();
    }

    public static double mean(double l) {
        check(l);
        return l;
    }

    public static double variance(double l) {
        check(l);
        return l;
    }
}
