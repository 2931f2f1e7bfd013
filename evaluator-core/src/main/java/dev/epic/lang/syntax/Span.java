package dev.epic.lang.syntax;

/** A position in a source file: 1-based line and column. */
public record Span(String file, int line, int column) {
    public static final Span NONE = new Span("<builtin>", 0, 0);

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }

    /**
     * The file name positions in a language module's prelude carry: {@code <core prelude>}. Errors raised
     * there are reported where the program called into the prelude.
     */
    public static String preludeFile(String module) {
        return "<" + module + " prelude>";
    }

    /** Whether this position is in a language module's prelude (see {@link #preludeFile}). */
    public boolean inPrelude() {
        return file.startsWith("<") && file.endsWith(" prelude>");
    }

    /** "LINE:COL", the form golden tests and JSON errors use. */
    public String lineColumn() {
        return line + ":" + column;
    }
}
