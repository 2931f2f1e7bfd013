package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;

/**
 * The functions entered on the way to the current point, innermost first, for error messages. Bounded: past
 * {@link #MAX_DEPTH} entries the newest call replaces the innermost one, so a long-running loop does not grow
 * it.
 */
public record CallChain(String name, Span site, CallChain parent, int depth) {
    public static final int MAX_DEPTH = 24;

    public static CallChain enter(CallChain parent, String name, Span site) {
        if (parent == null) {
            return new CallChain(name, site, null, 1);
        }
        if (parent.depth >= MAX_DEPTH) {
            return new CallChain(name, site, parent.parent, parent.depth);
        }
        return new CallChain(name, site, parent, parent.depth + 1);
    }
}
