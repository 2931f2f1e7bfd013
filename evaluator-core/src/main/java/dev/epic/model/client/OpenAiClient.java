package dev.epic.model.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.epic.model.ModelTransport;
import dev.epic.model.api.ChatRequest;
import dev.epic.model.api.ChatResponse;
import dev.epic.model.api.CompletionRequest;
import dev.epic.model.api.CompletionResponse;
import dev.epic.model.api.ErrorBody;
import dev.epic.model.api.ModelJson;
import dev.epic.model.api.StreamOptions;
import dev.epic.model.endpoint.EndpointSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.model.headers.HttpCredentials;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.japi.Pair;

/**
 * A client of one OpenAI-compatible endpoint on Pekko HTTP's non-blocking client. Streams are parsed as they
 * arrive; each request, stream included, is bounded by the endpoint's call timeout. Failures are
 * {@link ModelApiException}s naming the endpoint.
 */
public final class OpenAiClient implements ModelTransport {
    private final ClassicActorSystemProvider system;
    private final EndpointSettings settings;
    private final Materializer materializer;

    public OpenAiClient(ClassicActorSystemProvider system, EndpointSettings settings) {
        this.system = system;
        this.settings = settings;
        this.materializer = Materializer.matFromSystem(system);
    }

    @Override
    public CompletionStage<CompletionResponse> complete(CompletionRequest request, Consumer<CompletionResponse> onChunk) {
        if (onChunk == null) {
            return post("/v1/completions", request, CompletionResponse.class);
        }
        CompletionRequest streamed = new CompletionRequest(request.model(), request.prompt(), request.maxTokens(),
                request.temperature(), request.topP(), request.stop(), request.n(), request.seed(), request.logprobs(), true,
                new StreamOptions(true), request.includeStopStrInOutput());
        return stream("/v1/completions", streamed, CompletionResponse.class, new StreamAggregator.Completions(), onChunk);
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request, Consumer<ChatResponse> onChunk) {
        if (onChunk == null) {
            return post("/v1/chat/completions", request, ChatResponse.class);
        }
        ChatRequest streamed = new ChatRequest(request.model(), request.messages(), request.maxTokens(), request.temperature(),
                request.topP(), request.stop(), request.n(), request.seed(), request.logprobs(), request.topLogprobs(), true,
                new StreamOptions(true));
        return stream("/v1/chat/completions", streamed, ChatResponse.class, new StreamAggregator.Chats(), onChunk);
    }

    private String where() {
        return "model endpoint '" + settings.name() + "' (" + settings.baseUrl() + ")";
    }

    private HttpRequest request(String path, Object body) {
        String json;
        try {
            json = ModelJson.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        HttpRequest r = HttpRequest.POST(settings.baseUrl() + path).withEntity(ContentTypes.APPLICATION_JSON, json);
        return settings.apiKey().map(k -> r.addHeader(Authorization.create(HttpCredentials.createOAuth2BearerToken(k)))).orElse(r);
    }

    private CompletionStage<HttpResponse> send(String path, Object body) {
        try {
            return Http.get(system).singleRequest(request(path, body));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ModelApiException(ModelApiException.Kind.CONNECTION, 0,
                    where() + ": " + e.getMessage(), null));
        }
    }

    private <R> CompletionStage<R> post(String path, Object body, Class<R> type) {
        long timeoutMs = settings.callTimeout().toMillis();
        CompletableFuture<R> out = send(path, body).thenCompose(resp -> resp.entity().toStrict(timeoutMs, system).thenApply(strict -> {
            String text = strict.getData().utf8String();
            if (resp.status().intValue() != 200) {
                throw failure(resp, text);
            }
            try {
                return ModelJson.MAPPER.readValue(text, type);
            } catch (JsonProcessingException e) {
                throw new ModelApiException(ModelApiException.Kind.PROTOCOL, 200, where() + ": the answer is not valid JSON", null);
            }
        })).toCompletableFuture();
        return bounded(out, null);
    }

    private <C> CompletionStage<C> stream(String path, Object body, Class<C> type, StreamAggregator<C, C> agg, Consumer<C> onChunk) {
        long timeoutMs = settings.callTimeout().toMillis();
        UniqueKillSwitch[] kill = new UniqueKillSwitch[1];
        CompletableFuture<C> out = send(path, body).thenCompose(resp -> {
            if (resp.status().intValue() != 200) {
                return resp.entity().toStrict(timeoutMs, system).thenApply(strict -> {
                    throw failure(resp, strict.getData().utf8String());
                });
            }
            SseParser parser = new SseParser();
            boolean[] finished = new boolean[1];
            Pair<UniqueKillSwitch, CompletionStage<org.apache.pekko.Done>> run = resp.entity().getDataBytes()
                    .viaMat(KillSwitches.single(), Keep.right())
                    .toMat(Sink.foreach(bytes -> {
                        for (String data : parser.feed(bytes.toArray())) {
                            if (data.equals("[DONE]")) {
                                finished[0] = true;
                                continue;
                            }
                            C chunk;
                            try {
                                chunk = ModelJson.MAPPER.readValue(data, type);
                            } catch (JsonProcessingException e) {
                                throw new ModelApiException(ModelApiException.Kind.PROTOCOL, 200,
                                        where() + ": a stream event is not valid JSON", null);
                            }
                            agg.add(chunk);
                            onChunk.accept(chunk);
                        }
                    }), Keep.both())
                    .run(materializer);
            kill[0] = run.first();
            return run.second().handle((done, failure) -> {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (cause instanceof ModelApiException) {
                    throw (ModelApiException) cause;
                }
                if (cause != null || !finished[0]) {
                    throw new ModelApiException(ModelApiException.Kind.STREAM_CUT, 200,
                            where() + ": the stream ended before [DONE]" + (cause == null ? "" : " (" + cause.getMessage() + ")"), null);
                }
                return agg.result();
            });
        }).toCompletableFuture();
        return bounded(out, kill);
    }

    /** Applies the call timeout and turns transport failures into typed ones. */
    private <R> CompletionStage<R> bounded(CompletableFuture<R> f, UniqueKillSwitch[] kill) {
        long ms = settings.callTimeout().toMillis();
        return f.orTimeout(ms, java.util.concurrent.TimeUnit.MILLISECONDS).handle((v, t) -> {
            if (t == null) {
                return v;
            }
            Throwable cause = t;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof ModelApiException) {
                throw (ModelApiException) cause;
            }
            if (cause instanceof TimeoutException) {
                if (kill != null && kill[0] != null) {
                    kill[0].abort(cause);
                }
                throw new ModelApiException(ModelApiException.Kind.TIMEOUT, 0, where() + ": no complete answer within "
                        + Duration.ofMillis(ms).toMillis() + " ms", null);
            }
            throw new ModelApiException(ModelApiException.Kind.CONNECTION, 0, where() + ": " + describe(cause), null);
        });
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        if (m != null && m.contains("Connection refused")) {
            return "cannot connect (connection refused)";
        }
        return m == null ? t.getClass().getSimpleName() : m;
    }

    private ModelApiException failure(HttpResponse resp, String text) {
        int status = resp.status().intValue();
        String message = resp.status().reason();
        try {
            ErrorBody body = ModelJson.MAPPER.readValue(text, ErrorBody.class);
            if (body.error() != null && body.error().message() != null) {
                message = message + ": " + body.error().message();
            }
        } catch (JsonProcessingException | RuntimeException e) {
            if (!text.isBlank()) {
                message = message + ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text.strip());
            }
        }
        Duration retryAfter = resp.getHeader("Retry-After").map(h -> {
            try {
                return Duration.ofSeconds(Long.parseLong(h.value().trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
        return new ModelApiException(ModelApiException.ofStatus(status), status, where() + ": " + status + " " + message, retryAfter);
    }
}
