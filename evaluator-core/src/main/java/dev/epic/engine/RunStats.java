package dev.epic.engine;

/** What a run cost. {@code maxInFlight}: the most external calls in flight at once. */
public record RunStats(String engine, long wallMs, long externalCalls, int maxInFlight, long reductions, int peakActors) {
    /** Stats of a run whose engine never reported: only the time waited since {@code startNanos}. */
    public static RunStats none(String engine, long startNanos) {
        return new RunStats(engine, (System.nanoTime() - startNanos) / 1_000_000, 0, 0, 0, 0);
    }
}
