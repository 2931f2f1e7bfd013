package dev.epic.pasta.decode;

import java.util.List;

/**
 * A stitched PASTA answer: the text (each promise replaced by its chunk, in promise order, tags stripped), every
 * chunk, and the metrics.
 */
public record PastaAnswer(String text, List<Chunk> chunks, PastaMetrics metrics) {
    public PastaAnswer {
        chunks = List.copyOf(chunks);
    }

    /**
     * One promised chunk: its promise's topic and hint, the budget it was decoded with, the main-thread token
     * position of its promise in its round, its tokens, whether it overran its budget, and its text.
     */
    public record Chunk(int index, String topic, int hint, int budget, int round, int promisedAt, int tokens, boolean overran,
                        String text) {}
}
