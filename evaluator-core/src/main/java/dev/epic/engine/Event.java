package dev.epic.engine;

/**
 * Something observable that happened while a program ran. {@code kind} is {@code dispatch}, {@code chunk}
 * (a piece of a streamed answer), {@code resolve}, {@code output} or {@code error}; {@code call} and {@code fn} identify the external call (0 and empty for
 * output); {@code detail} is the printed value, the chunk's text, or the error message.
 */
public record Event(long tMs, String kind, long call, String fn, String detail) {
    public static final String DISPATCH = "dispatch";
    public static final String RESOLVE = "resolve";
    public static final String CHUNK = "chunk";
    public static final String OUTPUT = "output";
    public static final String ERROR = "error";
}
