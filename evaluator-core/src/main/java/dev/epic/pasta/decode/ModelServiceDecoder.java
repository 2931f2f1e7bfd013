package dev.epic.pasta.decode;

import dev.epic.model.GenParams;
import dev.epic.model.ModelCall;
import dev.epic.model.ModelService;
import dev.epic.model.endpoint.EndpointSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Decodes through an endpoint's batcher, so the main thread and every chunk of every answer share the
 * endpoint's in-flight budget and, on a continuously batching server, its decode steps. Asks the server to
 * keep the matched stop string in the text ({@code include_stop_str_in_output}).
 */
public final class ModelServiceDecoder implements Decoder {
    private final ModelService service;
    private final String endpoint;
    private final Double temperature;
    private final Long seed;

    public ModelServiceDecoder(ModelService service, String endpoint, Double temperature, Long seed) {
        this.service = service;
        this.endpoint = endpoint;
        this.temperature = temperature;
        this.seed = seed;
    }

    public ModelServiceDecoder(ModelService service, PastaSettings settings) {
        this(service, settings.endpoint(), settings.temperature(), settings.seed());
    }

    @Override
    public CompletionStage<Decoded> decode(Decode call, Consumer<String> onText) {
        try {
            EndpointSettings e = service.endpoint(endpoint);
            if (e.capabilities().chatOnly()) {
                // A chat API cannot continue a given text, and the contexts PASTA decodes are texts to continue.
                return CompletableFuture.failedFuture(new ModelService.ModelCallException("PASTA decoding needs /v1/completions; model endpoint '"
                        + e.name() + "' is chat-only"));
            }
            if (!call.stop().isEmpty() && !e.capabilities().stopInOutput()) {
                // Without the stop string in the text a stop at <sync/> looks like the end of the answer, and the
                // answer would silently end at its first sync.
                return CompletableFuture.failedFuture(new ModelService.ModelCallException("PASTA decoding needs the matched stop string kept in "
                        + "the text (include_stop_str_in_output); model endpoint '" + e.name() + "' has capabilities.stop-in-output = false"));
            }
        } catch (ModelService.ModelCallException e) {
            return CompletableFuture.failedFuture(e);
        }
        GenParams params = new GenParams(call.maxTokens(), temperature, null, call.stop().isEmpty() ? null : call.stop(), 1, seed,
                null, !call.stop().isEmpty());
        return service.call(endpoint, new ModelCall(call.context(), params, (choice, delta) -> onText.accept(delta)))
                .thenApply(r -> new Decoded(r.text(), r.choices().get(0).finishReason()));
    }
}
