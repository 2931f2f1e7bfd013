package dev.epic.model.batch;

import java.util.Arrays;
import java.util.List;

/**
 * Durations counted into fixed buckets, as a Prometheus classic histogram reads them: {@code counts.get(i)} is
 * the number of durations in {@code (bound(i-1), bound(i)]} (not cumulative), and the last entry counts those
 * above the last bound. Every batcher uses the same bounds, so histograms of different endpoints and nodes add up.
 */
public record LatencyHistogram(List<Long> counts, double sumSeconds) {
    /** Upper bounds in seconds, from a millisecond to two minutes (past the default call timeout). */
    private static final double[] BOUNDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    /** The finite upper bounds in seconds; {@link #counts()} has one entry more, for +Inf. */
    public static double[] upperBounds() {
        return BOUNDS.clone();
    }

    public static LatencyHistogram empty() {
        return new Recorder().snapshot();
    }

    /** How many durations were counted. */
    public long total() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** The mutable counterpart, owned by one actor. */
    static final class Recorder {
        private final long[] counts = new long[BOUNDS.length + 1];
        private double sumSeconds;

        void add(long nanos) {
            double seconds = Math.max(0, nanos) / 1e9;
            int i = Arrays.binarySearch(BOUNDS, seconds);
            counts[i >= 0 ? i : -i - 1]++;
            sumSeconds += seconds;
        }

        LatencyHistogram snapshot() {
            return new LatencyHistogram(Arrays.stream(counts).boxed().toList(), sumSeconds);
        }
    }
}
