package dev.epic.lang.syntax;

/** A position in a source file: 1-based line and column. */
public record Span(String file, int line, int column) {
    public static final Span NONE = new Span("<builtin>", 0, 0);

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }

    /** "LINE:COL", the form golden tests and JSON errors use. */
    public String lineColumn() {
        return line + ":" + column;
    }
}
