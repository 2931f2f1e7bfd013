package dev.epic.model.api;

/** One choice: {@code index = prompt_index * n + choice_index}; {@code finishReason} is "stop" or "length". */
public record CompletionChoice(Integer index, String text, Logprobs logprobs, String finishReason) {}
