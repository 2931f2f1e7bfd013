package dev.epic.pasta.decode;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * How the interpreter decodes: one streamed completion of a context. {@link ModelServiceDecoder} sends it
 * through an endpoint's batcher; tests use a scripted one. The matched stop string must stay at the end of the
 * text (the interpreter tells a {@code <sync/>} stop from the end of the answer by it).
 */
public interface Decoder {
    /** Which thread of the answer a decode belongs to. */
    enum Role { MAIN, ASYNC }

    /** One decode: its role ({@code chunk} is the promise's index for {@link Role#ASYNC}, −1 for the main thread). */
    record Decode(Role role, int chunk, String context, int maxTokens, List<String> stop) {
        public Decode {
            stop = List.copyOf(stop);
        }
    }

    /** The decoded text (stop string included) and why it ended: {@code "stop"} or {@code "length"}. */
    record Decoded(String text, String finishReason) {}

    /**
     * Decodes; {@code onText} receives each streamed piece in order (a piece may hold one token, several or part of
     * one: the interpreter counts tokens over the text, not the pieces). The future may be cancelled when the
     * answer is abandoned; a decoder need not stop the server.
     */
    CompletionStage<Decoded> decode(Decode call, Consumer<String> onText);
}
