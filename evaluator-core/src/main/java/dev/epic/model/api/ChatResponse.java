package dev.epic.model.api;

import java.util.List;

/** The answer of {@code /v1/chat/completions}; in a stream, each chunk's choices carry a {@code delta}. */
public record ChatResponse(String id, String object, Long created, String model, List<ChatChoice> choices, Usage usage) {

    public record ChatChoice(Integer index, ChatMessage message, ChatMessage delta, ChatLogprobs logprobs,
                             String finishReason) {}

    public record ChatLogprobs(List<TokenLogprob> content) {}

    public record TokenLogprob(String token, Double logprob, List<TopLogprob> topLogprobs) {}

    public record TopLogprob(String token, Double logprob) {}
}
