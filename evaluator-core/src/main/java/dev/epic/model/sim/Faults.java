package dev.epic.model.sim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Faults the simulated server injects, for tests of retries and timeouts: answer with an error status, answer
 * only after a delay, or cut the answer after some chunks. Planned faults apply to one request each, in the
 * order planned; once none is planned, a {@link FaultMix} draws faults at its rates. Thread-safe.
 */
public final class Faults {
    /** One fault: {@code status} (0 = none), {@code delay}, {@code cutAfterChunks} (−1 = none). */
    public record Fault(int status, Duration delay, int cutAfterChunks) {}

    private final ArrayDeque<Fault> planned = new ArrayDeque<>();
    private final FaultMix mix;
    private final SplittableRandom random;
    private final Map<FaultMix.Kind, Long> drawn = new EnumMap<>(FaultMix.Kind.class);

    public Faults() {
        this(FaultMix.NONE);
    }

    public Faults(FaultMix mix) {
        this.mix = mix;
        this.random = new SplittableRandom(mix.seed());
    }

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
        Fault f = planned.poll();
        if (f != null || mix.isEmpty()) {
            return f;
        }
        FaultMix.Kind kind = mix.pick(random.nextDouble());
        if (kind == null) {
            return null;
        }
        drawn.merge(kind, 1L, Long::sum);
        switch (kind) {
            case SERVER_ERROR:
                return new Fault(SERVER_ERRORS[random.nextInt(SERVER_ERRORS.length)], Duration.ZERO, -1);
            case RATE_LIMITED:
                return new Fault(429, Duration.ZERO, -1);
            case TIMEOUT:
                return new Fault(0, mix.timeoutDelay(), -1);
            case CUT:
                // Part-way through: after the first chunk at least, so some of the answer has gone out.
                return new Fault(0, Duration.ZERO, 1 + random.nextInt(4));
            default:
                throw new IllegalStateException("fault " + kind);
        }
    }

    private static final int[] SERVER_ERRORS = {500, 502, 503};

    /** How many faults of each kind the mix has drawn so far. */
    public synchronized Map<FaultMix.Kind, Long> drawn() {
        Map<FaultMix.Kind, Long> copy = new EnumMap<>(FaultMix.Kind.class);
        copy.putAll(drawn);
        return copy;
    }
}
