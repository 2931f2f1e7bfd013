package dev.epic.engine;

import java.time.Duration;

/** Limits and observers of one run. */
public record RunOptions(long maxSteps, Duration timeout, EventSink events) {
    public static final long DEFAULT_MAX_STEPS = 2_000_000_000L;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public RunOptions {
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        events = events == null ? EventSink.NONE : events;
    }

    public static RunOptions defaults() {
        return new RunOptions(DEFAULT_MAX_STEPS, DEFAULT_TIMEOUT, EventSink.NONE);
    }

    public RunOptions withMaxSteps(long n) {
        return new RunOptions(n, timeout, events);
    }

    public RunOptions withTimeout(Duration d) {
        return new RunOptions(maxSteps, d, events);
    }

    public RunOptions withEvents(EventSink sink) {
        return new RunOptions(maxSteps, timeout, sink);
    }
}
