package dev.epic.gateway.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.gateway.ApiError;
import dev.epic.gateway.GatewaySettings;
import dev.epic.gateway.jobs.Job;
import dev.epic.gateway.jobs.JobService;
import dev.epic.gateway.jobs.JobState;
import dev.epic.gateway.sse.EventStreams;
import dev.epic.lang.syntax.CompileException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /v1/jobs} (submit, list), {@code /v1/jobs/{id}} (status, cancel), {@code /v1/jobs/{id}/events} (SSE)
 * and {@code /v1/check}. Every route here runs for an authenticated owner; a job of another owner is 403.
 */
final class JobRoutes extends AllDirectives {
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(20);

    private final JobService jobs;
    private final GatewaySettings settings;
    private final Responses responses;
    private final JobRequests requests;

    JobRoutes(JobService jobs, GatewaySettings settings, Responses responses) {
        this.jobs = jobs;
        this.settings = settings;
        this.responses = responses;
        this.requests = new JobRequests(responses.json(), settings.limits(), jobs.executor().engines());
    }

    Route jobs(String owner) {
        return concat(
                pathEndOrSingleSlash(() -> concat(
                        post(() -> waitParameter(wait -> body(bytes -> submit(owner, bytes, wait)))),
                        get(() -> list(owner)))),
                pathPrefix(PathMatchers.segment(), id -> concat(
                        pathEndOrSingleSlash(() -> concat(
                                get(() -> waitParameter(wait -> respond(() -> status(owner(id, owner), wait)))),
                                delete(() -> respond(() -> CompletableFuture.completedFuture(cancelled(jobs.cancel(owner(id, owner)))))))),
                        path("events", () -> get(() -> events(owner(id, owner))))))
        );
    }

    Route check() {
        // Compiling is CPU work that may take a while on a large program: the gateway's blocking pool, not the
        // common pool shared with everything else in the JVM.
        return post(() -> body(bytes -> respond(() -> CompletableFuture.supplyAsync(() -> {
            ObjectNode body = requests.object(bytes);
            String program = requests.program(body);
            dev.epic.prob.infer.Algorithm method = requests.method(body);
            ObjectNode out = responses.json().createObjectNode();
            ArrayNode errors = out.putArray("errors");
            dev.epic.lang.compile.Program compiled = null;
            try {
                compiled = jobs.compiler().check(program);
            } catch (CompileException e) {
                errors.addAll(dev.epic.gateway.jobs.CompileErrors.toApiError(responses.json(), e).errors());
            }
            if (compiled != null && !java.util.Collections.disjoint(compiled.usedGlobals(),
                    dev.epic.prob.lang.ProbModule.CONSTRUCTS)) {
                // A probabilistic program: whether its symbolic annotations hold under the method, before any run.
                var result = dev.epic.prob.analysis.Analysis.analyse(
                        new dev.epic.lang.syntax.Source(dev.epic.gateway.jobs.JobCompiler.SOURCE_NAME, program), method,
                        settings.dataDir(), dev.epic.prob.analysis.AnalysisSettings.defaults());
                ObjectNode a = out.putObject("analysis");
                a.put("method", method.name().toLowerCase(java.util.Locale.ROOT));
                a.put("accepted", result.accepted());
                ObjectNode plan = a.putObject("plan");
                result.plan().forEach((name, encoding) -> plan.put(name, encoding.toString()));
                ArrayNode violations = a.putArray("errors");
                for (dev.epic.prob.analysis.Violation v : result.violations()) {
                    ObjectNode e = violations.addObject();
                    e.put("variable", v.variable());
                    e.put("line", v.declaredAt().line());
                    e.put("column", v.declaredAt().column());
                    e.put("message", v.message());
                }
                ArrayNode notes = a.putArray("notes");
                result.notes().forEach(notes::add);
                a.put("analysis_ms", result.nanos() / 1e6);
                if (!result.accepted()) {
                    out.put("ok", false);
                    return responses.ok(200, out);
                }
            }
            out.put("ok", errors.isEmpty());
            return responses.ok(200, out);
        }, jobs.blocking()))));
    }

    /** The job {@code id} if it belongs to {@code owner}: 404 when there is none, 403 when it is another's. */
    Job owner(String id, String owner) {
        Job j = jobs.get(id);
        if (j == null) {
            throw ApiError.of(404, "not_found", "no job " + id);
        }
        if (!j.owner().equals(owner)) {
            throw ApiError.of(403, "forbidden", "job " + id + " belongs to another token");
        }
        return j;
    }

    private Route submit(String owner, byte[] bytes, Optional<Duration> wait) {
        return respond(() -> jobs.submit(owner, requests.job(bytes, settings.limitsFor(owner))).thenCompose(job -> wait.isEmpty()
                ? CompletableFuture.completedFuture(accepted(job))
                : status(job, wait)));
    }

    /** 200 when the cancel has ended the job (it was queued), 202 while a running job is ending. */
    private HttpResponse cancelled(Job job) {
        return responses.ok(job.state().finished() ? 200 : 202, JobJson.of(responses.json(), job, true));
    }

    private HttpResponse accepted(Job job) {
        ObjectNode o = responses.json().createObjectNode();
        o.put("id", job.id());
        o.put("state", job.state().label());
        o.set("urls", JobJson.urls(responses.json(), job));
        return responses.ok(202, o);
    }

    /** The job now, or once it ends within {@code wait}: 200 when finished, 202 while queued or running. */
    private CompletionStage<HttpResponse> status(Job job, Optional<Duration> wait) {
        CompletionStage<Job> ready = wait.isEmpty() || job.state().finished()
                ? CompletableFuture.completedFuture(job)
                : job.done().toCompletableFuture().copy().completeOnTimeout(job, wait.get().toMillis(), TimeUnit.MILLISECONDS);
        return ready.thenApply(j -> responses.ok(j.state().finished() ? 200 : 202, JobJson.of(responses.json(), j, true)));
    }

    private Route list(String owner) {
        return parameterOptional("limit", limit -> parameterOptional("after", after -> parameterOptional("state", state -> {
            int n = intParam("limit", limit, settings.listDefaultLimit(), 1, settings.listMaxLimit());
            long cursor = after.isEmpty() ? 0 : intParam("after", after, 0, 0, Long.MAX_VALUE);
            JobState s = null;
            if (state.isPresent()) {
                try {
                    s = JobState.of(state.get());
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest("invalid_parameter", "state must be queued, running, succeeded, failed or cancelled");
                }
            }
            List<Job> page = jobs.list(owner, cursor, n, s);
            ObjectNode out = responses.json().createObjectNode();
            ArrayNode arr = out.putArray("jobs");
            page.forEach(j -> arr.add(JobJson.of(responses.json(), j, false)));
            if (page.size() == n) {
                out.put("next", Long.toString(page.get(page.size() - 1).seq()));
            } else {
                out.putNull("next");
            }
            return respond(() -> CompletableFuture.completedFuture(responses.ok(200, out)));
        })));
    }

    private Route events(Job job) {
        return optionalHeaderValueByName("Last-Event-ID", last -> {
            EventStreams.LastEventId from = EventStreams.lastEventId(last);
            return onSuccess(jobs.withEvents(job), j -> completeOK(EventStreams.from(j, from), EventStreamMarshalling.toEventStream()));
        });
    }

    private Route waitParameter(java.util.function.Function<Optional<Duration>, Route> inner) {
        return parameterOptional("wait", w -> {
            if (w.isEmpty()) {
                return inner.apply(Optional.empty());
            }
            double s;
            try {
                s = Double.parseDouble(w.get());
            } catch (NumberFormatException e) {
                s = -1;
            }
            double max = settings.limits().maxWait().toMillis() / 1000.0;
            if (!(s >= 0) || s > max) {
                throw ApiError.badRequest("invalid_parameter", "wait must be a number of seconds from 0 to " + max + ", not '" + w.get() + "'");
            }
            return inner.apply(Optional.of(Duration.ofMillis((long) (s * 1000))));
        });
    }

    private static long intParam(String name, Optional<String> v, long dflt, long min, long max) {
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw ApiError.badRequest("invalid_parameter", name + " must be an integer from " + min + " to " + max + ", not '" + v.get() + "'");
    }

    private static int intParam(String name, Optional<String> v, int dflt, int min, int max) {
        return (int) intParam(name, v, (long) dflt, (long) min, (long) max);
    }

    private Route body(java.util.function.Function<byte[], Route> inner) {
        return extractStrictEntity(BODY_TIMEOUT, settings.limits().maxBodyBytes(), e -> inner.apply(e.getData().toArray()));
    }

    /** Completes with the stage's response, or the JSON error for however it failed. */
    private Route respond(java.util.function.Supplier<CompletionStage<HttpResponse>> response) {
        CompletionStage<HttpResponse> r;
        try {
            r = response.get();
        } catch (RuntimeException e) {
            r = CompletableFuture.failedFuture(e);
        }
        return completeWithFuture(r.exceptionally(responses::failure));
    }
}
