package dev.epic.pasta.decode;

import dev.epic.model.sim.Tokenizer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * PASTA decoding: answers an instruction with a model that annotates its own answer with
 * {@code <promise/>}, {@code <async>} and {@code <sync/>}, decoding the promised chunks in parallel with the
 * main thread and stitching them back (see {@code docs/pasta.md}). Also decodes the same instruction plainly,
 * as one stream, for comparison. Thread-safe; every answer is its own run.
 */
public final class PastaInterpreter {
    private final Decoder decoder;
    private final PastaSettings settings;

    public PastaInterpreter(Decoder decoder, PastaSettings settings) {
        this.decoder = decoder;
        this.settings = settings;
    }

    public PastaSettings settings() {
        return settings;
    }

    /** Answers an instruction: the configured template is applied first. */
    public CompletionStage<PastaAnswer> answer(String instruction) {
        return answerPrompt(settings.prompt(instruction));
    }

    /** Answers a prompt that is already in the model's own format. */
    public CompletionStage<PastaAnswer> answerPrompt(String prompt) {
        try {
            return new PastaRun(decoder, settings).start(prompt);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A plain answer decoded as one stream: its text, tokens (counted as {@link PastaMetrics} counts them) and wall time. */
    public record Sequential(String text, int tokens, String finishReason, double wallMs) {}

    /** Decodes the instruction with the sequential template, as one stream, no tags. */
    public CompletionStage<Sequential> sequential(String instruction) {
        return sequentialPrompt(settings.sequentialPrompt(instruction));
    }

    public CompletionStage<Sequential> sequentialPrompt(String prompt) {
        long start = System.nanoTime();
        try {
            return decoder.decode(new Decoder.Decode(Decoder.Role.MAIN, -1, prompt, settings.maxTotalTokens(), List.of()), delta -> {})
                    .thenApply(r -> new Sequential(r.text(), Tokenizer.count(r.text()), r.finishReason(), (System.nanoTime() - start) / 1e6))
                    .toCompletableFuture().orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
