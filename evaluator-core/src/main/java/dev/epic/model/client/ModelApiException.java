package dev.epic.model.client;

import dev.epic.model.RetryableFailure;
import java.time.Duration;
import java.util.Optional;

/**
 * A failed request to a model endpoint, typed by {@link Kind}. The message names the endpoint. Retryable:
 * rate limits, server errors, timeouts, lost connections and streams cut before {@code [DONE]}.
 */
public final class ModelApiException extends RuntimeException implements RetryableFailure {
    public enum Kind {
        RATE_LIMITED(true), SERVER_ERROR(true), BAD_REQUEST(false), AUTH(false), TIMEOUT(true), CONNECTION(true),
        STREAM_CUT(true), PROTOCOL(false);

        final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;

    public ModelApiException(Kind kind, int status, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    @Override
    public boolean retryable() {
        return kind.retryable;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    static Kind ofStatus(int status) {
        if (status == 429) {
            return Kind.RATE_LIMITED;
        }
        if (status == 401 || status == 403) {
            return Kind.AUTH;
        }
        if (status >= 500 || status == 408) {
            return Kind.SERVER_ERROR;
        }
        return Kind.BAD_REQUEST;
    }
}
