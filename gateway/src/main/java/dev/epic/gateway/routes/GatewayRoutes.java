package dev.epic.gateway.routes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.gateway.ApiError;
import dev.epic.gateway.GatewaySettings;
import dev.epic.gateway.auth.Tokens;
import dev.epic.gateway.jobs.JobService;
import dev.epic.gateway.metrics.GatewayMetrics;
import dev.epic.gateway.timeline.TimelinePage;
import dev.epic.pasta.openai.PastaCompletions;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The gateway's route tree:
 * <pre>
 *   GET  /health  /ready  /metrics                 (no token)
 *   /v1/jobs ...  /v1/check                        (bearer token)
 *   POST /v1/completions                           (bearer token; OpenAI-compatible completions with PASTA decoding)
 *   GET  /jobs/{id}/timeline                       (bearer token, or ?token= for a browser)
 * </pre>
 * Every rejection and exception below is answered with the JSON error body: unknown paths 404, wrong methods
 * 405, oversized bodies 413, faults 500 without detail.
 */
public final class GatewayRoutes extends AllDirectives {
    private final JobService jobs;
    private final Tokens tokens;
    private final GatewayMetrics metrics;
    private final Responses responses;
    private final JobRoutes jobRoutes;
    private final CompletionRoutes completionRoutes;
    private final BooleanSupplier ready;

    /** {@code pasta} gives the PASTA completions service (made on the first {@code /v1/completions} request). */
    public GatewayRoutes(JobService jobs, GatewaySettings settings, Tokens tokens, GatewayMetrics metrics, Responses responses,
                         Supplier<CompletionStage<PastaCompletions>> pasta, BooleanSupplier ready) {
        this.jobs = jobs;
        this.tokens = tokens;
        this.metrics = metrics;
        this.responses = responses;
        this.jobRoutes = new JobRoutes(jobs, settings, responses);
        this.completionRoutes = new CompletionRoutes(pasta, settings, responses);
        this.ready = ready;
    }

    public Route route() {
        ExceptionHandler exceptions = ExceptionHandler.newBuilder()
                .matchAny(t -> complete(responses.failure(t)))
                .build();
        RejectionHandler rejections = RejectionHandler.defaultHandler().mapRejectionResponse(responses::rejection);
        return handleExceptions(exceptions, () -> handleRejections(rejections, () -> concat(
                path("health", () -> get(() -> complete(responses.ok(200, status("ok"))))),
                path("ready", () -> get(this::readiness)),
                path("metrics", () -> get(() -> completeWithFuture(metrics.scrapeAsync().thenApply(body -> HttpResponse.create()
                        .withEntity(HttpEntities.create(ContentTypes.parse(metrics.contentType()), body)))))),
                pathPrefix("v1", () -> concat(
                        pathPrefix("jobs", () -> authenticated(jobRoutes::jobs)),
                        path("check", () -> authenticated(owner -> jobRoutes.check())),
                        path("completions", () -> authenticated(owner -> completionRoutes.completions()))
                )),
                pathPrefix("jobs", () -> pathPrefix(PathMatchers.segment(), id -> path("timeline", () -> get(() ->
                        // Rendering parses every event: on the blocking pool, not the route's thread.
                        pageOwner(owner -> onSuccess(jobs.withEvents(jobRoutes.owner(id, owner))
                                .thenApplyAsync(r -> TimelinePage.render(responses.json(), r), jobs.blocking()), page -> {
                            metrics.timelineServed();
                            return complete(HttpResponse.create().withEntity(ContentTypes.TEXT_HTML_UTF8, page));
                        }))))))
        )));
    }

    /** 200 when the gateway serves and its executor can take jobs (for a cluster: Up, with a worker); else 503. */
    private Route readiness() {
        boolean serving = ready.getAsBoolean();
        boolean up = serving && jobs.executor().ready();
        ObjectNode body = status(up ? "ready" : "not_ready");
        body.put("executor", jobs.executor().describe());
        if (!up) {
            ObjectNode error = body.putObject("error");
            error.put("code", "not_ready");
            error.put("message", serving ? "the job executor cannot take jobs yet: " + jobs.executor().describe()
                    : "the gateway is still starting");
            error.putNull("line");
            error.putNull("column");
        }
        return complete(responses.ok(up ? 200 : 503, body));
    }

    private ObjectNode status(String s) {
        ObjectNode o = responses.json().createObjectNode();
        o.put("status", s);
        return o;
    }

    private Route authenticated(Function<String, Route> inner) {
        return optionalHeaderValueByName("Authorization", h -> tokens.authenticate(h).map(inner)
                .orElseThrow(() -> h.isEmpty()
                        ? ApiError.of(401, "unauthorized", "this API needs a bearer token: Authorization: Bearer TOKEN")
                        : ApiError.of(401, "unauthorized", "the bearer token is not one this gateway accepts")));
    }

    /** A browser cannot send a header when it opens a page, so the page also takes {@code ?token=}. */
    private Route pageOwner(Function<String, Route> inner) {
        return parameterOptional("token", t -> t.isPresent()
                ? tokens.token(t.get()).map(inner).orElseThrow(() -> ApiError.of(401, "unauthorized", "the token is not one this gateway accepts"))
                : authenticated(inner));
    }

}
