package dev.epic.pasta.decode;

import dev.epic.model.sim.Tokenizer;
import java.util.List;

/**
 * Counts the tokens of one stream with the simulated engine's tokenizer over all its text so far, however the
 * server cut the text into deltas (one token, several, or part of one). The count is exact against the
 * simulated engine and an estimate for other servers; streamed and unstreamed text are counted the same way.
 * Only the last token can still grow, so only it is kept and re-read. Not thread-safe.
 */
final class TokenCounter {
    /** The text from the start of the last token on. */
    private final StringBuilder tail = new StringBuilder();
    private int complete;

    /** Adds a delta; returns how many tokens the count grew by (0 when the delta only extends the last token). */
    int add(String delta) {
        int before = count();
        tail.append(delta);
        List<String> tokens = Tokenizer.tokens(tail.toString());
        if (tokens.size() > 1) {
            // The tokenizer reads left to right without looking back, so every token before the last is final.
            complete += tokens.size() - 1;
            tail.delete(0, tail.length() - tokens.get(tokens.size() - 1).length());
        }
        return count() - before;
    }

    int count() {
        return complete + (tail.length() > 0 ? 1 : 0);
    }
}
