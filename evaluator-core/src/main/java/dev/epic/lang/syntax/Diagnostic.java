package dev.epic.lang.syntax;

/** One error found before evaluation: where, and what. */
public record Diagnostic(Span span, String message) {
    /** The form the command line prints: {@code FILE:LINE:COL: error: MESSAGE}. */
    public String format() {
        return span + ": error: " + message;
    }
}
