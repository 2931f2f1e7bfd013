package dev.epic.pasta.parse;

/**
 * One complete piece of a PASTA-annotated stream, as the {@link TagParser} emits it: plain text or one of the
 * four tags. Every piece keeps its {@code raw} text exactly as decoded, so a context can be rebuilt byte for
 * byte from the pieces.
 */
public sealed interface Piece permits Piece.Text, Piece.Promise, Piece.Sync, Piece.AsyncOpen, Piece.AsyncClose {
    String raw();

    /** Plain text (including anything that looked like a tag but was not one: malformed tags stay text). */
    record Text(String raw) implements Piece {}

    /**
     * {@code <promise topic="…" tokens="N"/>}. {@code tokens} is the hint, or the configured default when the tag
     * gave none or an unusable one ({@code tokensGiven} says which).
     */
    record Promise(String topic, int tokens, boolean tokensGiven, String raw) implements Piece {}

    /** {@code <sync/>}: wait for every chunk promised before it. */
    record Sync(String raw) implements Piece {}

    /** {@code <async>}: opens a chunk. */
    record AsyncOpen(String raw) implements Piece {}

    /** {@code </async>}: closes a chunk. */
    record AsyncClose(String raw) implements Piece {}
}
