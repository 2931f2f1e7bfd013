package dev.epic.prob.dist;

import dev.epic.prob.rand.RandomStream;

/** {@code gaussian(mu, var)}: mean and <b>variance</b> (not standard deviation). */
public final class Gaussian {
    public static final String NAME = "gaussian";
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private Gaussian() {}

    public static void check(double mu, double var) {
        Check.finite(NAME, "mu", mu);
        Check.positive(NAME, "var", var);
    }

    /** −½·log(2π·var) − (x−mu)²/(2·var). */
    public static double logDensity(double mu, double var, double x) {
        check(mu, var);
        double d = x - mu;
        return -0.5 * (LOG_2PI + Math.log(var)) - d * d / (2 * var);
    }

    /** Ziggurat standard normal scaled by √var; allocates nothing. */
    public static double draw(RandomStream random, double mu, double var) {
        check(mu, var);
        return mu + Math.sqrt(var) * random.standardNormal();
    }

    public static double mean(double mu, double var) {
        check(mu, var);
        return mu;
    }

    public static double variance(double mu, double var) {
        check(mu, var);
        return var;
    }
}
