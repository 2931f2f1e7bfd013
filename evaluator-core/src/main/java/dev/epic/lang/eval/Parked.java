package dev.epic.lang.eval;

import dev.epic.lang.value.Pending;

/**
 * A computation that waits: its frames (the bottom one resolves {@code result}), and the cell it waits for.
 * When {@code awaited} is resolved, {@link Machine#resumeParked} continues it.
 */
public record Parked(Frame[] frames, Pending awaited, Pending result, CallChain chain) {}
