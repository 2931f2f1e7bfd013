package dev.epic.model.api;

import java.util.List;
import java.util.Map;

/** Legacy completions log-probabilities: per generated token, its log-probability and the top alternatives. */
public record Logprobs(List<String> tokens, List<Double> tokenLogprobs, List<Map<String, Double>> topLogprobs,
                       List<Integer> textOffset) {}
