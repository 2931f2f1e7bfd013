package dev.epic.model.api;

/** The error body OpenAI-compatible servers send: {@code {"error": {"message", "type", "param", "code"}}}. */
public record ErrorBody(Detail error) {
    public record Detail(String message, String type, String param, Object code) {}

    public static ErrorBody of(String message, String type, Object code) {
        return new ErrorBody(new Detail(message, type, null, code));
    }
}
