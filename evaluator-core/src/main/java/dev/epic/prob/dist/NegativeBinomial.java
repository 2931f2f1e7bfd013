package dev.epic.prob.dist;

import dev.epic.prob.rand.RandomStream;
import org.apache.commons.numbers.gamma.LogGamma;

/**
 * {@code negative_binomial(n, p)}: pmf C(v+n−1, v)·pⁿ·(1−p)^v for v = 0, 1, … (failures before the n-th success),
 * mean n(1−p)/p. n may be any positive real (the binomial coefficient through Γ).
 */
public final class NegativeBinomial {
    public static final String NAME = "negative_binomial";

    private NegativeBinomial() {}

    public static void check(double n, double p) {
        Check.positive(NAME, "n", n);
        if (!(p > 0 && p <= 1)) {
            throw new InvalidDistributionException(NAME, "p", "must be a probability in (0, 1]", p);
        }
    }

    public static double logDensity(double n, double p, double x) {
        check(n, p);
        if (!Check.integerIn(x, 0, Double.MAX_VALUE)) {
            return Double.NEGATIVE_INFINITY;
        }
        return LogGamma.value(x + n) - LogGamma.value(n) - LogGamma.value(x + 1)
                + n * Math.log(p) + Check.xlog1py(x, -p);
    }

    /** The Gamma–Poisson mixture: λ ~ Gamma(n, scale (1−p)/p), then Poisson(λ). */
    public static double draw(RandomStream random, double n, double p) {
        check(n, p);
        if (p == 1) {
            return 0;
        }
        return Poisson.draw(random, GammaDist.drawScaled(random, n, (1 - p) / p));
    }

    public static double mean(double n, double p) {
        check(n, p);
        return n * (1 - p) / p;
    }

    public static double variance(double n, double p) {
        check(n, p);
        return n * (1 - p) / (p * p);
    }
}
