package dev.epic.gateway.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.gateway.ApiError;
import dev.epic.gateway.metrics.GatewayMetrics;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/** JSON responses, and the one error body every failure uses: {@code {"error": {"code", "message", "line", "column"}}}. */
public final class Responses {
    private final ObjectMapper json;
    private final GatewayMetrics metrics;

    public Responses(ObjectMapper json, GatewayMetrics metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    public ObjectMapper json() {
        return json;
    }

    public HttpResponse ok(int status, JsonNode body) {
        return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, body.toString());
    }

    public HttpResponse error(ApiError e) {
        metrics.rejected(e.code());
        HttpResponse r = ok(e.status(), errorBody(json, e));
        if (e.status() == 401) {
            r = r.addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"epic\""));
        }
        if (e.retryAfterSeconds() > 0) {
            r = r.addHeader(RawHeader.create("Retry-After", Long.toString(e.retryAfterSeconds())));
        }
        return r;
    }

    /**
     * The response for a failure: an {@link ApiError} as it says, a body over the size limit as 413, anything
     * else (a fault of the gateway, not of the request) as 500 with no detail beyond its kind, logged here.
     */
    public HttpResponse failure(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ApiError) {
            return error((ApiError) t);
        }
        if (t instanceof org.apache.pekko.http.scaladsl.model.EntityStreamSizeException) {
            return error(ApiError.of(413, "payload_too_large", "the request body is larger than the limit of "
                    + ((org.apache.pekko.http.scaladsl.model.EntityStreamSizeException) t).limit() + " bytes"));
        }
        if (t instanceof org.apache.pekko.http.scaladsl.model.IllegalRequestException) {
            // Pekko HTTP's own verdict on a request (too large, malformed): a client error with its message.
            org.apache.pekko.http.scaladsl.model.IllegalRequestException e = (org.apache.pekko.http.scaladsl.model.IllegalRequestException) t;
            int status = e.status().intValue();
            // toStrictEntity reports a body over its limit as 400 "Request too large": it is a 413.
            if (status == 400 && e.info().summary().startsWith("Request too large")) {
                return error(ApiError.of(413, "payload_too_large", e.info().summary() + ": " + e.info().detail()));
            }
            return error(ApiError.of(status, codeFor(status), e.info().summary()));
        }
        LOG.error("internal error answering a request", t);
        return error(ApiError.of(500, "internal", "internal error (" + t.getClass().getSimpleName() + "); the gateway logged it"));
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Responses.class);

    /** A response Pekko HTTP built for a rejection (plain text), rewritten as the JSON error body with the same status. */
    public HttpResponse rejection(HttpResponse plain) {
        if (plain.entity().getContentType().equals(ContentTypes.APPLICATION_JSON)) {
            return plain;
        }
        // Pekko HTTP's rejection responses carry strict entities.
        String text = plain.entity() instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict
                ? ((org.apache.pekko.http.javadsl.model.HttpEntity.Strict) plain.entity()).getData().utf8String()
                : plain.status().reason();
        int status = plain.status().intValue();
        List<HttpHeader> headers = new java.util.ArrayList<>();
        plain.getHeaders().forEach(headers::add);
        HttpResponse r = error(ApiError.of(status, codeFor(status), text.isBlank() ? plain.status().reason() : text.strip()));
        return r.withHeaders(headers);
    }

    /** The error body, built here only: {@code {"error": {"code", "message", "line", "column"[, "errors"]}}}. */
    public static ObjectNode errorBody(ObjectMapper json, ApiError e) {
        ObjectNode body = json.createObjectNode();
        ObjectNode err = ApiError.object(json, e.code(), e.getMessage(), e.line(), e.column());
        body.set("error", err);
        if (e.errors() != null) {
            err.set("errors", e.errors());
        }
        return body;
    }

    static String codeFor(int status) {
        if (status == StatusCodes.URI_TOO_LONG.intValue()) {
            return "uri_too_long";
        }
        if (status == StatusCodes.REQUEST_HEADER_FIELDS_TOO_LARGE.intValue()) {
            return "headers_too_large";
        }
        if (status == StatusCodes.NOT_FOUND.intValue()) {
            return "not_found";
        }
        if (status == StatusCodes.METHOD_NOT_ALLOWED.intValue()) {
            return "method_not_allowed";
        }
        if (status == StatusCodes.PAYLOAD_TOO_LARGE.intValue()) {
            return "payload_too_large";
        }
        if (status == StatusCodes.UNSUPPORTED_MEDIA_TYPE.intValue()) {
            return "unsupported_media_type";
        }
        if (status == StatusCodes.UNAUTHORIZED.intValue()) {
            return "unauthorized";
        }
        if (status == StatusCodes.NOT_ACCEPTABLE.intValue()) {
            return "not_acceptable";
        }
        return status >= 500 ? "internal" : "bad_request";
    }
}
