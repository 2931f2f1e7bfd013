package dev.epic.model.sim;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Faults the simulated server injects at a rate, so a whole workload can run against a flaky endpoint: each
 * request independently answers 5xx, answers 429, hangs past any sensible client timeout ({@code timeout}), or
 * loses its connection part-way through the answer ({@code cut}). Written like {@code 5xx=0.05,timeout=0.02,cut=0.01,429=0.02};
 * the rates add up to at most 1. Draws come from a generator seeded with {@code seed}, so the same requests in
 * the same order meet the same faults.
 */
public record FaultMix(double serverError, double rateLimited, double timeout, double cut, long seed, Duration timeoutDelay) {
    public static final FaultMix NONE = new FaultMix(0, 0, 0, 0, 1, Duration.ofMinutes(10));

    public FaultMix {
        for (double r : new double[] {serverError, rateLimited, timeout, cut}) {
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalArgumentException("fault rates must be between 0 and 1");
            }
        }
        if (serverError + rateLimited + timeout + cut > 1 + 1e-9) {
            throw new IllegalArgumentException("fault rates add up to more than 1");
        }
        if (timeoutDelay.isNegative() || timeoutDelay.isZero()) {
            throw new IllegalArgumentException("the timeout fault's delay must be positive");
        }
    }

    /** What a drawn fault does to one request. */
    public enum Kind { SERVER_ERROR, RATE_LIMITED, TIMEOUT, CUT }

    /**
     * Parses {@code KIND=RATE,…} with kinds {@code 5xx}, {@code 429}, {@code timeout}, {@code cut}; an empty spec
     * is no faults.
     */
    public static FaultMix parse(String spec, long seed, Duration timeoutDelay) {
        Map<String, Double> rates = new LinkedHashMap<>();
        if (spec != null && !spec.isBlank()) {
            for (String part : spec.split(",")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("fault '" + p + "' is not KIND=RATE (e.g. 5xx=0.05)");
                }
                String kind = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                if (!kind.equals("5xx") && !kind.equals("429") && !kind.equals("timeout") && !kind.equals("cut")) {
                    throw new IllegalArgumentException("unknown fault kind '" + kind + "': the kinds are 5xx, 429, timeout and cut");
                }
                double rate;
                try {
                    rate = Double.parseDouble(p.substring(eq + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("the rate of fault '" + kind + "' is not a number: " + p.substring(eq + 1).trim());
                }
                if (rates.put(kind, rate) != null) {
                    throw new IllegalArgumentException("fault kind '" + kind + "' is given twice");
                }
            }
        }
        return new FaultMix(rates.getOrDefault("5xx", 0.0), rates.getOrDefault("429", 0.0), rates.getOrDefault("timeout", 0.0),
                rates.getOrDefault("cut", 0.0), seed, timeoutDelay);
    }

    public boolean isEmpty() {
        return serverError + rateLimited + timeout + cut == 0;
    }

    /** The fault a uniform draw {@code u} in [0, 1) picks, or null for none. */
    Kind pick(double u) {
        double edge = serverError;
        if (u < edge) {
            return Kind.SERVER_ERROR;
        }
        edge += rateLimited;
        if (u < edge) {
            return Kind.RATE_LIMITED;
        }
        edge += timeout;
        if (u < edge) {
            return Kind.TIMEOUT;
        }
        edge += cut;
        return u < edge ? Kind.CUT : null;
    }

    /** The spec this mix was parsed from, in canonical order. */
    @Override
    public String toString() {
        return "5xx=" + serverError + ",429=" + rateLimited + ",timeout=" + timeout + ",cut=" + cut;
    }
}
