package dev.epic.model.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.model.api.ModelJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The simulated engine as an OpenAI-compatible HTTP server (Pekko HTTP): {@code POST /v1/completions},
 * {@code POST /v1/chat/completions} (both with SSE streaming), {@code GET /v1/models}, {@code GET /health},
 * and for tests {@code GET /sim/log}. Every answer says it is simulated: {@code system_fingerprint} is
 * {@value #FINGERPRINT} and the header {@code X-Epic-Simulated: true} is set. Bad requests get a 400 with the
 * OpenAI error body.
 */
public final class SimServer implements AutoCloseable {
    public static final String FINGERPRINT = "epic-simulated";
    private static final ContentType EVENT_STREAM = ContentTypes.parse("text/event-stream");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final RawHeader SIMULATED = RawHeader.create("X-Epic-Simulated", "true");

    private final ClassicActorSystemProvider system;
    private final SimEngine engine;
    private final Faults faults;
    private final AtomicLong ids = new AtomicLong();
    private ServerBinding binding;

    private SimServer(ClassicActorSystemProvider system, SimEngine engine) {
        this.system = system;
        this.engine = engine;
        this.faults = new Faults(engine.settings().faults());
    }

    /** Starts a server on {@code host:port} (0 picks a free port) and waits until it is bound. */
    public static SimServer start(ClassicActorSystemProvider system, SimEngine engine, String host, int port) {
        SimServer s = new SimServer(system, engine);
        s.binding = Http.get(system).newServerAt(host, port).bind(s::handle).toCompletableFuture().join();
        return s;
    }

    public int port() {
        return binding.localAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + binding.localAddress().getHostString() + ":" + port();
    }

    public SimEngine engine() {
        return engine;
    }

    public Faults faults() {
        return faults;
    }

    @Override
    public void close() {
        binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().join();
        engine.close();
    }

    // ---- routing ---------------------------------------------------------------------------------------

    private CompletionStage<HttpResponse> handle(HttpRequest request) {
        String path = request.getUri().path();
        boolean post = request.method().equals(HttpMethods.POST);
        boolean get = request.method().equals(HttpMethods.GET);
        if (post && (path.equals("/v1/completions") || path.equals("/v1/chat/completions"))) {
            boolean chat = path.endsWith("chat/completions");
            return request.entity().toStrict(10_000, system)
                    .thenCompose(e -> answer(e.getData().utf8String(), chat))
                    .exceptionally(t -> error(400, "could not read the request: " + t.getMessage(), "invalid_request_error"));
        }
        request.discardEntityBytes(system);
        if (get && path.equals("/health")) {
            return done(json(200, JSON.objectNode().put("status", "ok").put("simulated", true)));
        }
        if (get && path.equals("/v1/models")) {
            ObjectNode m = JSON.objectNode().put("id", engine.settings().model()).put("object", "model").put("owned_by", FINGERPRINT);
            ObjectNode body = JSON.objectNode().put("object", "list");
            body.putArray("data").add(m);
            return done(json(200, body));
        }
        if (get && path.equals("/sim/log")) {
            return done(json(200, ModelJson.MAPPER.valueToTree(engine.log().entries())));
        }
        return done(error(404, "no route for " + request.method().value() + " " + path, "not_found"));
    }

    private static CompletionStage<HttpResponse> done(HttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    private static HttpResponse json(int status, JsonNode body) {
        return HttpResponse.create().withStatus(status).addHeader(SIMULATED)
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
    }

    static HttpResponse error(int status, String message, String type) {
        ObjectNode err = JSON.objectNode();
        err.putObject("error").put("message", message).put("type", type).putNull("param").put("code", status);
        HttpResponse r = json(status, err);
        return status == 429 ? r.addHeader(RawHeader.create("Retry-After", "0")) : r;
    }

    // ---- requests --------------------------------------------------------------------------------------

    private record Parsed(List<String> prompts, int n, int maxTokens, List<String> stop, long seed, Integer logprobs,
                          boolean stream, boolean includeUsage, boolean includeStop) {}

    private CompletionStage<HttpResponse> answer(String body, boolean chat) {
        Parsed p;
        try {
            p = parse(body, chat);
        } catch (IllegalArgumentException e) {
            return done(error(400, e.getMessage(), "invalid_request_error"));
        }
        Faults.Fault fault = faults.next();
        if (fault != null && fault.status() != 0) {
            return done(error(fault.status(), fault.status() == 429 ? "rate limited (simulated)" : "simulated failure",
                    fault.status() == 429 ? "rate_limit_error" : "server_error"));
        }
        CompletionStage<HttpResponse> response = p.stream() ? stream(p, chat, fault)
                : fault != null && fault.cutAfterChunks() >= 0 ? whole(p, chat).thenApply(SimServer::cut) : whole(p, chat);
        if (fault != null && !fault.delay().isZero()) {
            CompletableFuture<HttpResponse> later = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(fault.delay().toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> response.whenComplete((r, t) -> {
                        if (t != null) {
                            later.completeExceptionally(t);
                        } else {
                            later.complete(r);
                        }
                    }));
            return later;
        }
        return response;
    }

    private Parsed parse(String body, boolean chat) {
        JsonNode root;
        try {
            root = ModelJson.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        List<String> prompts = new ArrayList<>();
        if (chat) {
            JsonNode msgs = root.get("messages");
            if (msgs == null || !msgs.isArray() || msgs.isEmpty()) {
                throw new IllegalArgumentException("'messages' must be a non-empty list");
            }
            StringBuilder sb = new StringBuilder();
            for (JsonNode m : msgs) {
                if (!m.isObject() || !m.path("content").isTextual()) {
                    throw new IllegalArgumentException("each message needs a string 'content'");
                }
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(m.get("content").asText());
            }
            prompts.add(sb.toString());
        } else {
            JsonNode prompt = root.get("prompt");
            if (prompt != null && prompt.isTextual()) {
                prompts.add(prompt.asText());
            } else if (prompt != null && prompt.isArray() && !prompt.isEmpty()) {
                for (JsonNode x : prompt) {
                    if (!x.isTextual()) {
                        throw new IllegalArgumentException("'prompt' must be a string or a list of strings");
                    }
                    prompts.add(x.asText());
                }
            } else {
                throw new IllegalArgumentException("'prompt' must be a string or a non-empty list of strings");
            }
        }
        int n = intField(root, "n", 1, 1, 64);
        int maxTokens = intField(root, "max_tokens", engine.settings().defaultMaxTokens(), 1, 32_768);
        List<String> stop = new ArrayList<>();
        JsonNode s = root.get("stop");
        if (s != null && s.isTextual()) {
            stop.add(s.asText());
        } else if (s != null && s.isArray()) {
            s.forEach(x -> stop.add(x.asText()));
        } else if (s != null && !s.isNull()) {
            throw new IllegalArgumentException("'stop' must be a string or a list of strings");
        }
        long seed = root.path("seed").isIntegralNumber() ? root.get("seed").asLong() : 0;
        Integer logprobs = null;
        if (chat) {
            if (root.path("logprobs").asBoolean(false)) {
                logprobs = intField(root, "top_logprobs", 1, 0, 20);
                logprobs = Math.max(1, logprobs);
            }
        } else if (root.hasNonNull("logprobs")) {
            logprobs = Math.max(1, intField(root, "logprobs", 1, 0, 20));
        }
        boolean stream = root.path("stream").asBoolean(false);
        boolean usage = root.path("stream_options").path("include_usage").asBoolean(false);
        boolean includeStop = root.path("include_stop_str_in_output").asBoolean(false);
        return new Parsed(prompts, n, maxTokens, stop, seed, logprobs, stream, usage, includeStop);
    }

    private static int intField(JsonNode root, String name, int dflt, int min, int max) {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new IllegalArgumentException("'" + name + "' must be an integer from " + min + " to " + max);
        }
        return v.asInt();
    }

    private SimEngine.Request engineRequest(Parsed p) {
        return new SimEngine.Request(p.prompts(), p.n(), p.maxTokens(), p.stop(), p.seed(), p.logprobs(), p.includeStop());
    }

    private ObjectNode envelope(String id, boolean chat, boolean chunk) {
        return JSON.objectNode().put("id", id)
                .put("object", chat ? (chunk ? "chat.completion.chunk" : "chat.completion") : "text_completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", engine.settings().model())
                .put("system_fingerprint", FINGERPRINT);
    }

    private static ObjectNode usage(int prompt, int completion) {
        return JSON.objectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    private CompletionStage<HttpResponse> whole(Parsed p, boolean chat) {
        String id = (chat ? "chatcmpl-sim-" : "cmpl-sim-") + ids.incrementAndGet();
        return engine.submit(engineRequest(p), null).thenApply(result -> {
            ObjectNode body = envelope(id, chat, false);
            ArrayNode choices = body.putArray("choices");
            for (SimEngine.SequenceResult s : result.sequences()) {
                ObjectNode c = choices.addObject().put("index", s.index());
                if (chat) {
                    c.putObject("message").put("role", "assistant").put("content", s.text());
                } else {
                    c.put("text", s.text());
                }
                if (p.logprobs() != null) {
                    c.set("logprobs", chat ? chatLogprobs(s.alternatives()) : completionLogprobs(s.alternatives()));
                } else {
                    c.putNull("logprobs");
                }
                c.put("finish_reason", s.finishReason());
            }
            body.set("usage", usage(result.promptTokens(), result.completionTokens()));
            return json(200, body);
        });
    }

    /** The answer's first half, then a lost connection: the client reads a body that ends early. */
    private static HttpResponse cut(HttpResponse whole) {
        ByteString body = ((org.apache.pekko.http.javadsl.model.HttpEntity.Strict) whole.entity()).getData();
        Source<ByteString, org.apache.pekko.NotUsed> broken = Source.single(body.take(body.length() / 2))
                .concat(Source.failed(new IllegalStateException("connection cut (simulated fault)")));
        return whole.withEntity(HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, broken));
    }

    private static ObjectNode completionLogprobs(List<List<SimEngine.Alternative>> perToken) {
        ObjectNode lp = JSON.objectNode();
        ArrayNode tokens = lp.putArray("tokens");
        ArrayNode tokenLogprobs = lp.putArray("token_logprobs");
        ArrayNode top = lp.putArray("top_logprobs");
        ArrayNode offsets = lp.putArray("text_offset");
        int offset = 0;
        for (List<SimEngine.Alternative> alts : perToken) {
            tokens.add(alts.get(0).token());
            tokenLogprobs.add(alts.get(0).logprob());
            ObjectNode m = top.addObject();
            alts.forEach(a -> m.put(a.token(), a.logprob()));
            offsets.add(offset);
            offset += alts.get(0).token().length();
        }
        return lp;
    }

    private static ObjectNode chatLogprobs(List<List<SimEngine.Alternative>> perToken) {
        ObjectNode lp = JSON.objectNode();
        ArrayNode content = lp.putArray("content");
        for (List<SimEngine.Alternative> alts : perToken) {
            ObjectNode t = content.addObject().put("token", alts.get(0).token()).put("logprob", alts.get(0).logprob());
            ArrayNode top = t.putArray("top_logprobs");
            alts.forEach(a -> top.addObject().put("token", a.token()).put("logprob", a.logprob()));
        }
        return lp;
    }

    /** Streams one SSE event per decoded token, then the finish reasons, the usage if asked, and [DONE]. */
    private CompletionStage<HttpResponse> stream(Parsed p, boolean chat, Faults.Fault fault) {
        String id = (chat ? "chatcmpl-sim-" : "cmpl-sim-") + ids.incrementAndGet();
        Pair<BoundedSourceQueue<ByteString>, Source<ByteString, org.apache.pekko.NotUsed>> q =
                Source.<ByteString>queue(1 << 16).preMaterialize(Materializer.matFromSystem(system));
        BoundedSourceQueue<ByteString> queue = q.first();
        int cutAfter = fault == null ? -1 : fault.cutAfterChunks();
        AtomicInteger sent = new AtomicInteger();
        Runnable[] cut = new Runnable[1];
        java.util.function.Consumer<ObjectNode> send = node -> {
            if (cutAfter >= 0 && sent.get() >= cutAfter) {
                cut[0].run();
                return;
            }
            sent.incrementAndGet();
            queue.offer(ByteString.fromString("data: " + node + "\n\n"));
        };
        boolean[] cutDone = new boolean[1];
        cut[0] = () -> {
            if (!cutDone[0]) {
                cutDone[0] = true;
                queue.fail(new IllegalStateException("connection cut (simulated fault)"));
            }
        };
        boolean[] roleSent = new boolean[1];
        engine.submit(engineRequest(p), (index, token, alts) -> {
            ObjectNode chunk = envelope(id, chat, true);
            ObjectNode c = chunk.putArray("choices").addObject().put("index", index);
            if (chat) {
                ObjectNode delta = c.putObject("delta");
                if (!roleSent[0]) {
                    delta.put("role", "assistant");
                    roleSent[0] = true;
                }
                delta.put("content", token);
                if (alts != null) {
                    c.set("logprobs", chatLogprobs(List.of(alts)));
                }
            } else {
                c.put("text", token);
                c.set("logprobs", alts == null ? JSON.nullNode() : completionLogprobs(List.of(alts)));
            }
            c.putNull("finish_reason");
            send.accept(chunk);
        }).whenComplete((result, failure) -> {
            if (failure != null) {
                queue.fail(failure);
                return;
            }
            ObjectNode fin = envelope(id, chat, true);
            ArrayNode choices = fin.putArray("choices");
            for (SimEngine.SequenceResult s : result.sequences()) {
                ObjectNode c = choices.addObject().put("index", s.index());
                if (chat) {
                    c.putObject("delta");
                } else {
                    c.put("text", "");
                }
                c.put("finish_reason", s.finishReason());
            }
            send.accept(fin);
            if (p.includeUsage()) {
                ObjectNode u = envelope(id, chat, true);
                u.putArray("choices");
                u.set("usage", usage(result.promptTokens(), result.completionTokens()));
                send.accept(u);
            }
            if (cutAfter >= 0) {
                cut[0].run();
                return;
            }
            queue.offer(ByteString.fromString("data: [DONE]\n\n"));
            queue.complete();
        });
        return done(HttpResponse.create().withStatus(StatusCodes.OK).addHeader(SIMULATED)
                .withEntity(HttpEntities.create(EVENT_STREAM, q.second())));
    }
}
