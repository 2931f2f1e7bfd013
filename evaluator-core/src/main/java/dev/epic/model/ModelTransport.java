package dev.epic.model;

import dev.epic.model.api.ChatRequest;
import dev.epic.model.api.ChatResponse;
import dev.epic.model.api.CompletionRequest;
import dev.epic.model.api.CompletionResponse;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * How a batcher reaches its endpoint: the OpenAI-compatible API. With a chunk consumer the request is
 * streamed and the consumer sees every chunk; the stage completes with the aggregated response. Failures are
 * {@link dev.epic.model.client.ModelApiException}s (or anything else, taken as not retryable).
 */
public interface ModelTransport {
    CompletionStage<CompletionResponse> complete(CompletionRequest request, Consumer<CompletionResponse> onChunk);

    CompletionStage<ChatResponse> chat(ChatRequest request, Consumer<ChatResponse> onChunk);
}
