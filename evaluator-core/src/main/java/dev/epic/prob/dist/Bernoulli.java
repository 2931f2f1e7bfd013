package dev.epic.prob.dist;

import dev.epic.prob.rand.RandomStream;

/** {@code bernoulli(p)}: values are booleans; 1 and 0 observed as numbers count as true and false. */
public final class Bernoulli {
    public static final String NAME = "bernoulli";

    private Bernoulli() {}

    public static void check(double p) {
        Check.probability(NAME, "p", p);
    }

    public static double logDensity(double p, boolean x) {
        check(p);
        return x ? Math.log(p) : Math.log1p(-p);
    }

    /** One uniform: true with probability p (a single comparison needs no library sampler). */
    public static boolean draw(RandomStream random, double p) {
        check(p);
        return random.nextDouble() < p;
    }

    public static double mean(double p) {
        check(p);
        return p;
    }

    public static double variance(double p) {
        check(p);
        return p * (1 - p);
    }
}
