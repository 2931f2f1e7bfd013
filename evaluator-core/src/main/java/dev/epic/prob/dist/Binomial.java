package dev.epic.prob.dist;

import dev.epic.prob.rand.RandomStream;
import org.apache.commons.numbers.gamma.LogBeta;
import org.apache.commons.statistics.distribution.BinomialDistribution;

/** {@code binomial(n, p)}: n trials (a non-negative integer), success probability p. */
public final class Binomial {
    public static final String NAME = "binomial";

    private Binomial() {}

    public static void check(double n, double p) {
        Check.count(NAME, "n", n);
        Check.probability(NAME, "p", p);
    }

    /** log C(n, x) + x·log p + (n−x)·log(1−p) for integer x in [0, n], −∞ otherwise. */
    public static double logDensity(double n, double p, double x) {
        check(n, p);
        if (!Check.integerIn(x, 0, n)) {
            return Double.NEGATIVE_INFINITY;
        }
        return logChoose(n, x) + Check.xlogy(x, p) + Check.xlog1py(n - x, -p);
    }

    /** Inversion through Commons Statistics' binomial distribution. */
    public static double draw(RandomStream random, double n, double p) {
        check(n, p);
        return BinomialDistribution.of((int) n, p).createSampler(random).sample();
    }

    public static double mean(double n, double p) {
        check(n, p);
        return n * p;
    }

    public static double variance(double n, double p) {
        check(n, p);
        return n * p * (1 - p);
    }

    /** log C(n, k) = −log(n+1) − log B(n−k+1, k+1), for integers 0 ≤ k ≤ n. */
    static double logChoose(double n, double k) {
        if (k == 0 || k == n) {
            return 0;
        }
        return -Math.log(n + 1) - LogBeta.value(n - k + 1, k + 1);
    }
}
