package dev.epic.pasta.decode;

import dev.epic.model.sim.Tokenizer;
import dev.epic.pasta.parse.Flag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stitched PASTA answer: the text (each promise replaced by its chunk, in promise order, tags stripped), every
 * chunk, and the metrics.
 */
public record PastaAnswer(String text, List<Chunk> chunks, PastaMetrics metrics) {
    public PastaAnswer {
        chunks = List.copyOf(chunks);
    }

    /** The answer of a finished run: its parts in order (text, or the chunk that replaces a promise) and its metrics. */
    static PastaAnswer stitch(List<Object> parts, List<ChunkState> chunks, List<RoundState> rounds, long criticalSteps, int decodeCalls,
                              double wallMs, Map<Flag, Integer> flags) {
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            text.append(part instanceof ChunkState c ? c.text : (String) part);
        }
        List<Chunk> out = new ArrayList<>();
        long chunkTokens = 0;
        int overran = 0;
        for (ChunkState c : chunks) {
            out.add(new Chunk(c.index, c.promise.topic(), c.promise.tokens(), c.budget, c.round, c.promisedAt, c.tokens(), c.overran,
                    c.text.toString()));
            chunkTokens += c.tokens();
            overran += c.overran ? 1 : 0;
        }
        long mainTokens = rounds.stream().mapToLong(StreamState::tokens).sum();
        String answer = text.toString();
        PastaMetrics m = new PastaMetrics(criticalSteps, mainTokens + chunkTokens, mainTokens, chunkTokens, Tokenizer.count(answer),
                chunks.size(), rounds.size(), decodeCalls, overran, wallMs, flags);
        return new PastaAnswer(answer, out, m);
    }

    /**
     * One promised chunk: its promise's topic and hint, the budget it was decoded with, the main-thread token
     * position of its promise in its round, its tokens, whether it overran its budget, and its text.
     */
    public record Chunk(int index, String topic, int hint, int budget, int round, int promisedAt, int tokens, boolean overran,
                        String text) {}
}
