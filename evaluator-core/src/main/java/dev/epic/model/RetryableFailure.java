package dev.epic.model;

import java.time.Duration;
import java.util.Optional;

/** A failure of a model request that says whether trying again may help (429, 5xx, timeouts, lost connections). */
public interface RetryableFailure {
    boolean retryable();

    /** The wait the server asked for (a 429's Retry-After), if any. */
    default Optional<Duration> retryAfter() {
        return Optional.empty();
    }
}
