package dev.epic.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * A request the gateway refuses, with the HTTP status and the body's {@code error} fields ({@code code},
 * {@code message}, and {@code line}/{@code column} when the error is in the program). Thrown anywhere below
 * the routes and turned into a JSON response there. Stackless: it is control flow, not a fault.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final int line;
    private final int column;
    private final ArrayNode errors;
    private final long retryAfterSeconds;

    private ApiError(int status, String code, String message, int line, int column, ArrayNode errors, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.line = line;
        this.column = column;
        this.errors = errors;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * The error object every error body uses, built only here: {@code code}, {@code message}, {@code line},
     * {@code column} (null when {@code line} is not positive).
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode object(com.fasterxml.jackson.databind.ObjectMapper json,
                                                                       String code, String message, int line, int column) {
        com.fasterxml.jackson.databind.node.ObjectNode err = json.createObjectNode();
        err.put("code", code);
        err.put("message", message);
        if (line > 0) {
            err.put("line", line);
            err.put("column", column);
        } else {
            err.putNull("line");
            err.putNull("column");
        }
        return err;
    }

    public static ApiError of(int status, String code, String message) {
        return new ApiError(status, code, message, 0, 0, null, 0);
    }

    public static ApiError badRequest(String code, String message) {
        return of(400, code, message);
    }

    /** An error in the program: the first at its position, all of them in {@code errors}. */
    public static ApiError inProgram(String code, String message, int line, int column, ArrayNode errors) {
        return new ApiError(400, code, message, line, column, errors, 0);
    }

    public static ApiError tooMany(String message, long retryAfterSeconds) {
        return new ApiError(429, "too_many_jobs", message, 0, 0, null, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** 1-based; 0 when the error has no position. */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** Every diagnostic of a program that did not compile, or null. */
    public ArrayNode errors() {
        return errors;
    }

    /** For 429: the Retry-After seconds; 0 otherwise. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
