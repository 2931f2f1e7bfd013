package dev.epic.prob.dist;

import dev.epic.prob.rand.RandomStream;
import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.rng.sampling.distribution.TSampler;

/** {@code student_t(mu, tau2, nu)}: location mu, <b>squared scale</b> tau2, nu degrees of freedom. */
public final class StudentT {
    public static final String NAME = "student_t";

    private StudentT() {}

    public static void check(double mu, double tau2, double nu) {
        Check.finite(NAME, "mu", mu);
        Check.positive(NAME, "tau2", tau2);
        if (!(nu > 0)) {
            throw new InvalidDistributionException(NAME, "nu", "must be positive", nu);
        }
    }

    public static double logDensity(double mu, double tau2, double nu, double x) {
        check(mu, tau2, nu);
        double d = x - mu;
        return LogGamma.value((nu + 1) / 2) - LogGamma.value(nu / 2) - 0.5 * Math.log(nu * Math.PI * tau2)
                - 0.5 * (nu + 1) * Math.log1p(d * d / (nu * tau2));
    }

    /** Commons RNG's t sampler, scaled by √tau2 and shifted by mu. */
    public static double draw(RandomStream random, double mu, double tau2, double nu) {
        check(mu, tau2, nu);
        return mu + Math.sqrt(tau2) * TSampler.of(random, nu).sample();
    }

    /** mu; undefined (an error, not a NaN) for nu ≤ 1. */
    public static double mean(double mu, double tau2, double nu) {
        check(mu, tau2, nu);
        if (!(nu > 1)) {
            throw new InvalidDistributionException(NAME, "nu", "must exceed 1 for the mean to exist", nu);
        }
        return mu;
    }

    /** tau2·nu/(nu−2) for nu &gt; 2, +∞ for 1 &lt; nu ≤ 2, undefined for nu ≤ 1. */
    public static double variance(double mu, double tau2, double nu) {
        check(mu, tau2, nu);
        if (!(nu > 1)) {
            throw new InvalidDistributionException(NAME, "nu", "must exceed 1 for the variance to exist", nu);
        }
        return nu > 2 ? tau2 * nu / (nu - 2) : Double.POSITIVE_INFINITY;
    }
}
