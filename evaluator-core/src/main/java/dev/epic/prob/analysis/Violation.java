package dev.epic.prob.analysis;

import dev.epic.lang.syntax.Span;

/**
 * A {@code symbolic} annotation the analysis cannot guarantee: the variable, where it is declared, and why it might
 * be sampled (which operation, where).
 */
public record Violation(String variable, Span declaredAt, String reason) {
    /** {@code FILE:LINE:COL: error: x is annotated as symbolic but might be sampled: reason}. */
    public String message() {
        return declaredAt + ": error: " + variable + " is annotated as symbolic but might be sampled: " + reason;
    }
}
