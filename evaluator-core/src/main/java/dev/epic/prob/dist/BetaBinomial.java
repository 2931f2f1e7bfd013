package dev.epic.prob.dist;

import dev.epic.prob.rand.RandomStream;
import org.apache.commons.numbers.gamma.LogBeta;

/** {@code beta_binomial(n, a, b)}: n trials with a Beta(a, b) success probability. */
public final class BetaBinomial {
    public static final String NAME = "beta_binomial";

    private BetaBinomial() {}

    public static void check(double n, double a, double b) {
        Check.count(NAME, "n", n);
        Check.positive(NAME, "a", a);
        Check.positive(NAME, "b", b);
    }

    /** log C(n, x) + log B(x+a, n−x+b) − log B(a, b) for integer x in [0, n], −∞ otherwise. */
    public static double logDensity(double n, double a, double b, double x) {
        check(n, a, b);
        if (!Check.integerIn(x, 0, n)) {
            return Double.NEGATIVE_INFINITY;
        }
        return Binomial.logChoose(n, x) + LogBeta.value(x + a, n - x + b) - LogBeta.value(a, b);
    }

    /** A Beta(a, b) probability, then a binomial draw with it. */
    public static double draw(RandomStream random, double n, double a, double b) {
        check(n, a, b);
        return Binomial.draw(random, n, Beta.draw(random, a, b));
    }

    public static double mean(double n, double a, double b) {
        check(n, a, b);
        return n * a / (a + b);
    }

    public static double variance(double n, double a, double b) {
        check(n, a, b);
        double s = a + b;
        return n * a * b * (s + n) / (s * s * (s + 1));
    }
}
