package dev.epic.model.api;

/** A chat message; in a stream's {@code delta}, either field may be absent. */
public record ChatMessage(String role, String content) {}
