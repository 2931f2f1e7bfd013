package dev.epic.gateway.routes;

import dev.epic.gateway.ApiError;
import dev.epic.gateway.GatewayJson;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * The answer to a request Pekko HTTP cannot parse far enough to route (a URI or header over the limits, a bad
 * request line): the gateway's JSON error body rather than Pekko's plain text, so every error a client sees has
 * one shape. Pekko makes it from its class name ({@code parsing.error-handler}, set in {@code Gateway}) with no
 * arguments; such requests are not counted in {@code epic_requests_rejected}, as they never reach the routes.
 */
public final class ParsingErrors extends ParsingErrorHandler {
    @Override
    public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
        int code = status.intValue();
        String summary = info.summary() == null || info.summary().isBlank() ? status.reason() : info.summary();
        ApiError e = ApiError.of(code, Responses.codeFor(code), summary);
        return HttpResponse.create().withStatus(code)
                .withEntity(ContentTypes.APPLICATION_JSON, Responses.errorBody(GatewayJson.MAPPER, e).toString());
    }
}
