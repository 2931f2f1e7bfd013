package dev.epic.pasta.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.model.ModelService;
import dev.epic.model.api.ModelJson;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.sim.Tokenizer;
import dev.epic.pasta.decode.ModelServiceDecoder;
import dev.epic.pasta.decode.PastaAnswer;
import dev.epic.pasta.decode.PastaInterpreter;
import dev.epic.pasta.decode.PastaMetrics;
import dev.epic.pasta.decode.PastaOptions;
import dev.epic.pasta.decode.PastaRecorder;
import dev.epic.pasta.decode.PastaSettings;
import dev.epic.pasta.parse.Flag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OpenAI-compatible completions with PASTA decoding, independent of any transport: given the body of a
 * {@code POST /v1/completions} request with {@code "decoding": "pasta"}, answers with the status and body an
 * HTTP layer should send. The prompt is taken as the model's own prompt (no template is applied); each prompt
 * of a list is answered on its own, all at once. The answer is the stitched text; {@code usage.completion_tokens}
 * counts every token decoded (all threads); a {@code pasta} object carries the decoding metrics. Options of the
 * interpreter may be given in a {@code "pasta"} object: {@code layout}, {@code budget_factor},
 * {@code budget_slack}, {@code max_chunk_tokens}, {@code max_rounds}; {@code max_tokens} caps each answer.
 * Not supported (400): streaming, {@code n} above 1, {@code stop}, {@code logprobs}. Upstream failures are 502.
 * Thread-safe.
 */
public final class PastaCompletions {
    /** What to answer: an HTTP status and a JSON body (an OpenAI completion, or an OpenAI error). */
    public record Response(int status, ObjectNode body) {}

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final ModelService service;
    private final PastaSettings settings;
    private final PastaRecorder recorder;
    private final AtomicLong ids = new AtomicLong();

    /** {@code recorder} may be null. */
    public PastaCompletions(ModelService service, PastaSettings settings, PastaRecorder recorder) {
        this.service = service;
        this.settings = settings;
        this.recorder = recorder;
    }

    /** A request that cannot be served as asked: 400. */
    private static final class BadRequest extends RuntimeException {
        final String param;

        BadRequest(String message, String param) {
            super(message, null, false, false);
            this.param = param;
        }
    }

    /** Whether a completion request body asks for PASTA decoding: how an HTTP layer picks this service. */
    public static boolean wantsPasta(JsonNode body) {
        return body != null && body.isObject() && body.path("decoding").isTextual() && body.get("decoding").asText().equals("pasta");
    }

    public CompletionStage<Response> complete(String body) {
        JsonNode root;
        try {
            root = ModelJson.MAPPER.readTree(body);
        } catch (Exception e) {
            return done(error(400, "the body is not valid JSON", "invalid_request_error", null));
        }
        return complete(root);
    }

    public CompletionStage<Response> complete(JsonNode root) {
        Parsed p;
        try {
            p = parse(root);
        } catch (BadRequest e) {
            return done(error(400, e.getMessage(), "invalid_request_error", e.param));
        }
        PastaInterpreter interpreter = new PastaInterpreter(new ModelServiceDecoder(service, p.settings()), p.settings());
        List<CompletableFuture<PastaAnswer>> answers = new ArrayList<>();
        for (String prompt : p.prompts()) {
            answers.add(interpreter.answerPrompt(prompt).toCompletableFuture());
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).handle((v, failure) -> {
            if (failure != null) {
                Throwable t = failure.getCause() != null ? failure.getCause() : failure;
                return error(502, "PASTA decoding failed: " + t.getMessage(), "upstream_error", null);
            }
            List<PastaAnswer> done = answers.stream().map(CompletableFuture::join).toList();
            if (recorder != null) {
                done.forEach(a -> recorder.record(a.metrics()));
            }
            return new Response(200, body(p, done));
        });
    }

    private record Parsed(List<String> prompts, String model, PastaSettings settings) {}

    private Parsed parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new BadRequest("the body must be a JSON object", null);
        }
        JsonNode decoding = root.get("decoding");
        if (decoding == null || !decoding.isTextual() || !decoding.asText().equals("pasta")) {
            throw new BadRequest("this endpoint serves \"decoding\": \"pasta\" only", "decoding");
        }
        List<String> prompts = new ArrayList<>();
        JsonNode prompt = root.get("prompt");
        int maxPrompts = settings.limits().maxPrompts();
        if (prompt != null && prompt.isTextual()) {
            prompts.add(prompt.asText());
        } else if (prompt != null && prompt.isArray() && !prompt.isEmpty() && prompt.size() <= maxPrompts) {
            for (JsonNode x : prompt) {
                if (!x.isTextual()) {
                    throw new BadRequest("'prompt' must be a string or a list of strings", "prompt");
                }
                prompts.add(x.asText());
            }
        } else {
            throw new BadRequest("'prompt' must be a string or a list of 1 to " + maxPrompts + " strings", "prompt");
        }
        if (root.path("stream").asBoolean(false)) {
            throw new BadRequest("streaming is not supported with PASTA decoding: the answer is stitched at the end", "stream");
        }
        if (root.hasNonNull("n") && !(root.get("n").isIntegralNumber() && root.get("n").asInt() == 1)) {
            throw new BadRequest("'n' must be 1 with PASTA decoding", "n");
        }
        for (String unsupported : List.of("stop", "logprobs", "suffix", "echo", "best_of")) {
            if (root.hasNonNull(unsupported)) {
                throw new BadRequest("'" + unsupported + "' is not supported with PASTA decoding", unsupported);
            }
        }
        PastaSettings s = settings;
        String model = null;
        if (root.hasNonNull("model")) {
            if (!root.get("model").isTextual()) {
                throw new BadRequest("'model' must be a string", "model");
            }
            model = root.get("model").asText();
            s = s.withEndpoint(endpointFor(model));
        }
        JsonNode nested = root.path("pasta");
        if (!nested.isMissingNode() && !nested.isNull() && !nested.isObject()) {
            throw new BadRequest("'pasta' must be an object of options", "pasta");
        }
        try {
            // Other top-level fields of an OpenAI request (user, top_p …) are ignored as OpenAI servers ignore
            // what they do not use; the pasta object is ours, and an unknown key in it is refused.
            s = PastaOptions.apply(s, options(root, TOP_LEVEL), "", TOP_LEVEL);
            s = PastaOptions.apply(s, options(nested, null), "pasta.", NESTED);
        } catch (PastaOptions.InvalidOption e) {
            throw new BadRequest(e.getMessage(), e.param);
        }
        return new Parsed(prompts, model, s);
    }

    private static final Set<String> TOP_LEVEL = Set.of("max_tokens", "temperature", "seed");
    private static final Set<String> NESTED = Set.of("layout", "budget_factor", "budget_slack", "max_chunk_tokens", "max_rounds");

    /** The fields of {@code o} (only {@code only}'s, if given) as {@link PastaOptions} reads them. */
    private static Map<String, Object> options(JsonNode o, Set<String> only) {
        Map<String, Object> out = new HashMap<>();
        o.properties().forEach(f -> {
            if (only == null || only.contains(f.getKey())) {
                JsonNode v = f.getValue();
                out.put(f.getKey(), v.isNull() ? null : v.isTextual() ? v.asText() : v.isIntegralNumber() ? (Object) v.asLong()
                        : v.isNumber() ? (Object) v.asDouble() : v.isBoolean() ? (Object) v.asBoolean() : v.toString());
            }
        });
        return out;
    }

    /** An endpoint named {@code model}, or serving a model of that name. */
    private String endpointFor(String model) {
        for (EndpointSettings e : service.settings().endpoints().values()) {
            if (e.name().equals(model)) {
                return e.name();
            }
        }
        for (EndpointSettings e : service.settings().endpoints().values()) {
            if (e.model().equals(model)) {
                return e.name();
            }
        }
        throw new BadRequest("the model '" + model + "' is not served here", "model");
    }

    private ObjectNode body(Parsed p, List<PastaAnswer> answers) {
        ObjectNode body = JSON.objectNode();
        body.put("id", "cmpl-pasta-" + ids.incrementAndGet()).put("object", "text_completion")
                .put("created", System.currentTimeMillis() / 1000)
                .put("model", p.model() != null ? p.model() : service.endpoint(p.settings().endpoint()).model());
        ArrayNode choices = body.putArray("choices");
        long promptTokens = 0;
        long completionTokens = 0;
        ArrayNode metrics = JSON.arrayNode();
        for (int i = 0; i < answers.size(); i++) {
            PastaAnswer a = answers.get(i);
            PastaMetrics m = a.metrics();
            boolean truncated = m.flags().containsKey(Flag.MAIN_TRUNCATED);
            choices.addObject().put("index", i).put("text", a.text()).putNull("logprobs").put("finish_reason", truncated ? "length" : "stop");
            promptTokens += Tokenizer.count(p.prompts().get(i));
            completionTokens += m.tokensDecoded();
            metrics.add(metrics(m));
        }
        body.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        body.set("pasta", answers.size() == 1 ? metrics.get(0) : metrics);
        return body;
    }

    static ObjectNode metrics(PastaMetrics m) {
        ObjectNode o = JSON.objectNode().put("critical_steps", m.criticalSteps()).put("tokens_decoded", m.tokensDecoded())
                .put("sequential_tokens", m.sequentialTokens()).put("speedup", m.speedup()).put("promises", m.promises())
                .put("rounds", m.rounds()).put("decode_calls", m.decodeCalls()).put("overran", m.overran()).put("wall_ms", m.wallMs());
        ObjectNode flags = o.putObject("flags");
        m.flags().forEach((f, n) -> flags.put(f.name().toLowerCase(), n));
        return o;
    }

    private static Response error(int status, String message, String type, String param) {
        ObjectNode body = JSON.objectNode();
        ObjectNode e = body.putObject("error").put("message", message).put("type", type);
        if (param == null) {
            e.putNull("param");
        } else {
            e.put("param", param);
        }
        e.put("code", status);
        return new Response(status, body);
    }

    private static CompletionStage<Response> done(Response r) {
        return CompletableFuture.completedFuture(r);
    }
}
