package dev.epic.prob.dist;

/**
 * A distribution was given a parameter outside its domain (a negative variance, a probability outside [0, 1],
 * a non-integer number of trials, ...). Carries the Siren name of the distribution and of the parameter, so that
 * the language can report it as a positioned program error; never replaced by a NaN.
 */
public final class InvalidDistributionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String distribution;
    private final String parameter;

    public InvalidDistributionException(String distribution, String parameter, String requirement, Object value) {
        super(distribution + ": parameter " + parameter + " " + requirement + ", got " + value);
        this.distribution = distribution;
        this.parameter = parameter;
    }

    /** The Siren name of the distribution, e.g. {@code gaussian}. */
    public String distribution() {
        return distribution;
    }

    /** The parameter's name as documented for the distribution, e.g. {@code var}. */
    public String parameter() {
        return parameter;
    }
}
