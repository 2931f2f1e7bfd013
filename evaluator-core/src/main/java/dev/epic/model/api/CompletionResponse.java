package dev.epic.model.api;

import java.util.List;

/** The answer of {@code /v1/completions}; in a stream, each chunk has this shape with partial texts. */
public record CompletionResponse(String id, String object, Long created, String model, List<CompletionChoice> choices,
                                 Usage usage) {}
