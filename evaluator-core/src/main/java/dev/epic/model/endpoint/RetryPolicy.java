package dev.epic.model.endpoint;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries of a failed request (429, 5xx, connection errors, timeouts): up to {@code maxAttempts} attempts in
 * all, waiting {@code initialBackoff · 2^(attempt-1)} capped at {@code maxBackoff}, each wait scaled by a
 * random factor in {@code [1 − jitter, 1 + jitter]}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be between 0 and 1");
        }
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failures (attempt ≥ 1). */
    public Duration backoff(int attempt) {
        double base = initialBackoff.toNanos() * Math.pow(2, Math.max(0, attempt - 1));
        double capped = Math.min(base, maxBackoff.toNanos());
        double factor = jitter == 0 ? 1 : 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return Duration.ofNanos((long) (capped * factor));
    }
}
