package dev.epic.model.api;

import java.util.List;

/** {@code POST /v1/chat/completions}: one conversation per request (batch by concurrent requests). */
public record ChatRequest(String model, List<ChatMessage> messages, Integer maxTokens, Double temperature, Double topP,
                          List<String> stop, Integer n, Long seed, Boolean logprobs, Integer topLogprobs, Boolean stream,
                          StreamOptions streamOptions) {}
