package dev.epic.gateway.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.gateway.GatewaySettings;
import dev.epic.pasta.openai.PastaCompletions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST /v1/completions}: the OpenAI completions API with PASTA decoding, so any OpenAI client can ask for
 * it. A body with {@code "decoding": "pasta"} is answered by {@link PastaCompletions}; any other body is a 400
 * (plain completions go to the model endpoint itself: the gateway is not a proxy). Errors found here are in the
 * OpenAI shape, {@code {"error": {"message", "type", "param", "code"}}}; authentication and body-size errors
 * come from the gateway's common handling, whose body also has {@code error.message} and {@code error.code}.
 */
final class CompletionRoutes extends AllDirectives {
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(20);

    private final Supplier<CompletionStage<PastaCompletions>> pasta;
    private final GatewaySettings settings;
    private final Responses responses;

    /** {@code pasta} is asked for on each PASTA request; the first starts the model endpoints (off this thread). */
    CompletionRoutes(Supplier<CompletionStage<PastaCompletions>> pasta, GatewaySettings settings, Responses responses) {
        this.pasta = pasta;
        this.settings = settings;
        this.responses = responses;
    }

    Route completions() {
        return post(() -> extractStrictEntity(BODY_TIMEOUT, settings.limits().maxBodyBytes(),
                e -> completeWithFuture(answer(e.getData().toArray()).exceptionally(responses::failure))));
    }

    private CompletionStage<HttpResponse> answer(byte[] bytes) {
        JsonNode body;
        try {
            body = responses.json().readTree(bytes);
        } catch (JsonProcessingException e) {
            return done(error(400, "the body is not valid JSON: " + e.getOriginalMessage(), null, "invalid_json"));
        } catch (java.io.IOException e) {
            return done(error(400, "the body could not be read as JSON", null, "invalid_json"));
        }
        if (body == null || body.isMissingNode() || !body.isObject()) {
            return done(error(400, "the body must be a JSON object (an OpenAI completion request)", null, "invalid_request"));
        }
        if (!PastaCompletions.wantsPasta(body)) {
            return done(error(400, "this gateway serves completions with \"decoding\": \"pasta\" only; add it to the "
                    + "request, or send plain completions to the model endpoint itself", "decoding", "unsupported_decoding"));
        }
        return pasta.get().thenCompose(p -> p.complete(body)).thenApply(r -> responses.ok(r.status(), r.body()));
    }

    private static CompletionStage<HttpResponse> done(HttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    private HttpResponse error(int status, String message, String param, String code) {
        ObjectNode body = responses.json().createObjectNode();
        ObjectNode err = body.putObject("error");
        err.put("message", message);
        err.put("type", "invalid_request_error");
        if (param == null) {
            err.putNull("param");
        } else {
            err.put("param", param);
        }
        err.put("code", code);
        return responses.ok(status, body);
    }
}
