package dev.epic.engine;

/** What a run cost. {@code maxInFlight}: the most external calls in flight at once. */
public record RunStats(String engine, long wallMs, long externalCalls, int maxInFlight, long reductions, int peakActors) {}
