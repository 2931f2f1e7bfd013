package dev.epic.model.api;

import java.util.List;

/**
 * {@code POST /v1/completions}. {@code prompt} is a string or a list of strings (servers that take lists
 * answer each with {@code n} choices, {@code choices[i].index = prompt_index * n + choice_index}).
 * {@code logprobs} asks for that many alternatives per generated token. {@code includeStopStrInOutput} (a vLLM
 * extension, also served by the simulated engine) keeps the matched stop string in the text.
 */
public record CompletionRequest(String model, Object prompt, Integer maxTokens, Double temperature, Double topP,
                                List<String> stop, Integer n, Long seed, Integer logprobs, Boolean stream,
                                StreamOptions streamOptions, Boolean includeStopStrInOutput) {

    public CompletionRequest(String model, Object prompt, Integer maxTokens, Double temperature, Double topP,
                             List<String> stop, Integer n, Long seed, Integer logprobs, Boolean stream,
                             StreamOptions streamOptions) {
        this(model, prompt, maxTokens, temperature, topP, stop, n, seed, logprobs, stream, streamOptions, null);
    }

    /** The prompts as a list, whichever form {@code prompt} has. */
    @SuppressWarnings("unchecked")
    public List<String> prompts() {
        if (prompt instanceof String) {
            return List.of((String) prompt);
        }
        if (prompt instanceof List) {
            return (List<String>) prompt;
        }
        return List.of();
    }

    public int choicesPerPrompt() {
        return n == null ? 1 : n;
    }
}
