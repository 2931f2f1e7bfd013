package dev.epic.model.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulated engine's tokenizer: a token is a run of whitespace followed by a word of at most
 * {@link #MAX_PIECE} characters (longer words are cut in pieces). Deterministic and good enough for costs:
 * about one token per English word.
 */
public final class Tokenizer {
    static final int MAX_PIECE = 8;

    private Tokenizer() {}

    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = i;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int word = i;
            while (i < n && !Character.isWhitespace(text.charAt(i)) && i - word < MAX_PIECE) {
                i++;
            }
            if (i == start) {
                i++;
            }
            out.add(text.substring(start, i));
        }
        return out;
    }

    public static int count(String text) {
        return tokens(text).size();
    }
}
