package dev.epic.pasta.parse;

/**
 * Something in an annotated answer that a policy had to decide on. Each is counted in the answer's metrics;
 * none stops decoding. The policy for each is documented in {@code docs/pasta.md}.
 */
public enum Flag {
    /** Text that starts like a tag but is not a well-formed one: kept as plain text. */
    MALFORMED_TAG,
    /** A tag still open when its stream ended: kept as plain text. */
    UNCLOSED_TAG,
    /** A promise without a {@code tokens} attribute: decoded with the default budget. */
    PROMISE_WITHOUT_TOKENS,
    /** A promise whose {@code tokens} is not a positive integer: decoded with the default budget. */
    BAD_TOKENS,
    /** A {@code <sync/>} with no chunk promised since the last one: the main thread goes straight on. */
    EMPTY_SYNC,
    /** {@code <async>} or {@code </async>} written by the main thread itself: the tag is dropped, its text kept. */
    STRAY_ASYNC_TAG,
    /** Text the main thread decoded after a {@code <sync/>} in the same stream, without the chunks in view: discarded. */
    TEXT_AFTER_SYNC,
    /** A promise inside a chunk: not forked; the tag is dropped. */
    NESTED_PROMISE,
    /** A {@code <sync/>} or {@code <async>} inside a chunk: dropped. */
    TAG_IN_CHUNK,
    /** Text after a chunk's {@code </async>} (a server that did not stop there): discarded. */
    TEXT_AFTER_CLOSE,
    /** A chunk whose stream ended without {@code </async>}: taken as closed. */
    CHUNK_UNCLOSED,
    /** A chunk that used up its token budget: closed there. */
    CHUNK_OVERRAN,
    /** A promise for which the global token cap left nothing: not decoded; its chunk is empty. */
    CHUNK_OVER_CAP,
    /** A main decode used up its budget (its {@code main-share} of what was left of the cap): the answer ends after its chunks. */
    MAIN_TRUNCATED,
    /** The answer reached the most sync rounds allowed: it ends there. */
    ROUND_LIMIT
}
