package dev.epic.model.api;

/** {@code stream_options}: with {@code include_usage}, the last chunk carries {@code usage} and no choices. */
public record StreamOptions(Boolean includeUsage) {}
