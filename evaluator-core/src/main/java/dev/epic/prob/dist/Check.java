package dev.epic.prob.dist;

/** Parameter checks shared by the families; each names the distribution and the parameter when it fails. */
final class Check {
    /** Largest integer parameter the samplers accept (trials, support bounds). */
    static final double MAX_INT = Integer.MAX_VALUE;

    private Check() {}

    static void positive(String dist, String param, double v) {
        if (!(v > 0 && v < Double.POSITIVE_INFINITY)) {
            throw new InvalidDistributionException(dist, param, "must be positive and finite", v);
        }
    }

    static void nonNegative(String dist, String param, double v) {
        if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
            throw new InvalidDistributionException(dist, param, "must be non-negative and finite", v);
        }
    }

    static void finite(String dist, String param, double v) {
        if (!Double.isFinite(v)) {
            throw new InvalidDistributionException(dist, param, "must be finite", v);
        }
    }

    static void probability(String dist, String param, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new InvalidDistributionException(dist, param, "must be a probability in [0, 1]", p);
        }
    }

    static void count(String dist, String param, double n) {
        if (!(n >= 0 && n <= MAX_INT && n == Math.rint(n))) {
            throw new InvalidDistributionException(dist, param, "must be a non-negative integer", n);
        }
    }

    static void integer(String dist, String param, double n) {
        if (!(Math.abs(n) <= MAX_INT && n == Math.rint(n))) {
            throw new InvalidDistributionException(dist, param, "must be an integer", n);
        }
    }

    /** True if {@code v} is an integer in {@code [lo, hi]} (the support of a discrete family). */
    static boolean integerIn(double v, double lo, double hi) {
        return v >= lo && v <= hi && v == Math.rint(v);
    }

    /** {@code x * log(y)}, taken as 0 when {@code x == 0} (so that 0·log 0 = 0 at the support's edges). */
    static double xlogy(double x, double y) {
        return x == 0 ? 0 : x * Math.log(y);
    }

    /** {@code x * log(1 + y)}, taken as 0 when {@code x == 0}. */
    static double xlog1py(double x, double y) {
        return x == 0 ? 0 : x * Math.log1p(y);
    }
}
