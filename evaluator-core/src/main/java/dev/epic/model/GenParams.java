package dev.epic.model;

import java.util.List;

/**
 * Generation parameters of a model call, everything but the prompt. Calls with equal parameters can share
 * one request with a list of prompts. {@code logprobs}: how many alternatives per token (null: none).
 * {@code includeStop}: the matched stop string stays at the end of the text (vLLM's
 * {@code include_stop_str_in_output}), so a caller can tell which stop ended the decode.
 */
public record GenParams(Integer maxTokens, Double temperature, Double topP, List<String> stop, int n, Long seed,
                        Integer logprobs, boolean includeStop) {
    public GenParams(Integer maxTokens, Double temperature, Double topP, List<String> stop, int n, Long seed, Integer logprobs) {
        this(maxTokens, temperature, topP, stop, n, seed, logprobs, false);
    }

    public GenParams {
        stop = stop == null ? null : List.copyOf(stop);
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1");
        }
    }

    public static GenParams defaults() {
        return new GenParams(null, null, null, null, 1, null, null);
    }

    public GenParams withN(int k) {
        return new GenParams(maxTokens, temperature, topP, stop, k, seed, logprobs, includeStop);
    }

    public GenParams withSeed(Long s) {
        return new GenParams(maxTokens, temperature, topP, stop, n, s, logprobs, includeStop);
    }
}
