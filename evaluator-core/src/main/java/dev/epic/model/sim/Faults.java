package dev.epic.model.sim;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Faults the simulated server injects into its next requests, for tests of retries and timeouts: answer with
 * an error status, answer only after a delay, or cut a stream after some chunks. Each planned fault applies
 * to one request, in the order planned. Thread-safe.
 */
public final class Faults {
    /** One planned fault: {@code status} (0 = none), {@code delay}, {@code cutAfterChunks} (−1 = none). */
    public record Fault(int status, Duration delay, int cutAfterChunks) {}

    private final ArrayDeque<Fault> planned = new ArrayDeque<>();

    /** The next {@code count} requests answer {@code status} (429 with Retry-After: 0, 5xx …). */
    public synchronized Faults failNext(int count, int status) {
        for (int i = 0; i < count; i++) {
            planned.add(new Fault(status, Duration.ZERO, -1));
        }
        return this;
    }

    /** The next {@code count} requests are answered only after {@code delay}. */
    public synchronized Faults delayNext(int count, Duration delay) {
        for (int i = 0; i < count; i++) {
            planned.add(new Fault(0, delay, -1));
        }
        return this;
    }

    /** The next {@code count} streamed requests lose their connection after {@code chunks} chunks. */
    public synchronized Faults cutStreamNext(int count, int chunks) {
        for (int i = 0; i < count; i++) {
            planned.add(new Fault(0, Duration.ZERO, chunks));
        }
        return this;
    }

    public synchronized void clear() {
        planned.clear();
    }

    synchronized Fault next() {
        return planned.poll();
    }
}
