package dev.epic.prob.dist;

import dev.epic.prob.rand.RandomStream;

/**
 * {@code categorical(lo, hi, probs)}: integers lo..hi with the given probabilities; {@code uniform_int(a, b)} is
 * {@code categorical(a, b, [1/(b−a+1), …])}. The probabilities must lie in [0, 1] and sum to 1 within 1e-8 + 1e-5
 * (numpy's isclose, as the published implementation).
 */
public final class Categorical {
    public static final String NAME = "categorical";

    private Categorical() {}

    public static void check(double lo, double hi, double[] probs) {
        Check.integer(NAME, "lo", lo);
        Check.integer(NAME, "hi", hi);
        if (!(lo <= hi)) {
            throw new InvalidDistributionException(NAME, "hi", "must be at least lo = " + lo, hi);
        }
        if (probs.length != hi - lo + 1) {
            throw new InvalidDistributionException(NAME, "probs", "must have hi − lo + 1 = " + (long) (hi - lo + 1)
                    + " elements", probs.length + " elements");
        }
        double sum = 0;
        for (double p : probs) {
            Check.probability(NAME, "probs", p);
            sum += p;
        }
        if (!(Math.abs(sum - 1) <= 1e-8 + 1e-5)) {
            throw new InvalidDistributionException(NAME, "probs", "must sum to 1", sum);
        }
    }

    public static double logDensity(double lo, double hi, double[] probs, double x) {
        check(lo, hi, probs);
        if (!Check.integerIn(x, lo, hi)) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.log(probs[(int) (x - lo)]);
    }

    /** Inversion with one uniform over the cumulative probabilities (the last possible category takes any rounding
     * slack). */
    public static double draw(RandomStream random, double lo, double hi, double[] probs) {
        check(lo, hi, probs);
        double u = random.nextDouble();
        int lastPositive = 0;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] > 0) {
                lastPositive = i;
                u -= probs[i];
                if (u < 0) {
                    return lo + i;
                }
            }
        }
        return lo + lastPositive;
    }

    public static double mean(double lo, double hi, double[] probs) {
        check(lo, hi, probs);
        double m = 0;
        for (int i = 0; i < probs.length; i++) {
            m += (lo + i) * probs[i];
        }
        return m;
    }

    public static double variance(double lo, double hi, double[] probs) {
        double m = mean(lo, hi, probs);
        double v = 0;
        for (int i = 0; i < probs.length; i++) {
            double d = lo + i - m;
            v += d * d * probs[i];
        }
        return v;
    }
}
