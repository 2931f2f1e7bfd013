package dev.epic.model.api;

/** Token counts of a request. */
public record Usage(Integer promptTokens, Integer completionTokens, Integer totalTokens) {}
