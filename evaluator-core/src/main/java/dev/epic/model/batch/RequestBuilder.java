package dev.epic.model.batch;

import dev.epic.model.GenParams;
import dev.epic.model.ModelCall;
import dev.epic.model.api.ChatMessage;
import dev.epic.model.api.ChatRequest;
import dev.epic.model.api.CompletionRequest;
import dev.epic.model.api.StreamOptions;
import dev.epic.model.endpoint.EndpointSettings;
import java.util.List;

/** Turns calls into wire requests for one endpoint. */
final class RequestBuilder {
    private final EndpointSettings settings;

    RequestBuilder(EndpointSettings settings) {
        this.settings = settings;
    }

    CompletionRequest completion(List<String> prompts, GenParams p, boolean streamed, boolean asList) {
        Object prompt = asList ? prompts : prompts.get(0);
        return new CompletionRequest(settings.model(), prompt, p.maxTokens(), p.temperature(), p.topP(), p.stop(),
                p.n() == 1 ? null : p.n(), p.seed(), p.logprobs(), streamed ? Boolean.TRUE : null,
                streamed ? new StreamOptions(true) : null, p.includeStop() ? Boolean.TRUE : null);
    }

    ChatRequest chat(ModelCall call, boolean streamed) {
        GenParams p = call.params();
        return new ChatRequest(settings.model(), List.of(new ChatMessage("user", call.prompt())), p.maxTokens(),
                p.temperature(), p.topP(), p.stop(), p.n() == 1 ? null : p.n(), p.seed(),
                p.logprobs() == null ? null : Boolean.TRUE, p.logprobs(), streamed ? Boolean.TRUE : null,
                streamed ? new StreamOptions(true) : null);
    }
}
