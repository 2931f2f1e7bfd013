package dev.epic.prob.dist;

import dev.epic.prob.rand.RandomStream;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;

/**
 * {@code gamma(a, b)}: shape a, <b>rate</b> b, mean a/b; {@code exponential(l)} is {@code gamma(1, l)}. Named
 * {@code GammaDist} so as not to shadow the Gamma function of Commons Numbers.
 */
public final class GammaDist {
    public static final String NAME = "gamma";

    private GammaDist() {}

    public static void check(double a, double b) {
        Check.positive(NAME, "a", a);
        Check.positive(NAME, "b", b);
    }

    /** (a−1)·log x − b·x − log Γ(a) + a·log b for x ≥ 0, −∞ for x < 0. */
    public static double logDensity(double a, double b, double x) {
        check(a, b);
        if (!(x >= 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        return Check.xlogy(a - 1, x) - b * x - LogGamma.value(a) + a * Math.log(b);
    }

    /** Drawn with scale 1/b (Ahrens–Dieter for a &lt; 1, Marsaglia–Tsang otherwise; Commons RNG). */
    public static double draw(RandomStream random, double a, double b) {
        check(a, b);
        return drawScaled(random, a, 1 / b);
    }

    static double drawScaled(RandomStream random, double shape, double scale) {
        return AhrensDieterMarsagliaTsangGammaSampler.of(random, shape, scale).sample();
    }

    public static double mean(double a, double b) {
        check(a, b);
        return a / b;
    }

    public static double variance(double a, double b) {
        check(a, b);
        return a / (b * b);
    }
}
