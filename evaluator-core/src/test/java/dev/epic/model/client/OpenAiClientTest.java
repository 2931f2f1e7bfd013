package dev.epic.model.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.epic.model.api.ChatMessage;
import dev.epic.model.api.ChatRequest;
import dev.epic.model.api.ChatResponse;
import dev.epic.model.api.CompletionChoice;
import dev.epic.model.api.CompletionRequest;
import dev.epic.model.api.CompletionResponse;
import dev.epic.model.endpoint.Capabilities;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.endpoint.RetryPolicy;
import dev.epic.model.sim.SimEngine;
import dev.epic.model.sim.SimServer;
import dev.epic.model.sim.SimSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The client over real HTTP on loopback, against the simulated engine and against canned transcripts. */
class OpenAiClientTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final SimSettings SIM = new SimSettings("sim-test", 1, 0.05, 0, 64, SimSettings.Mode.CONTINUOUS, 0.2, 16, Optional.empty());
    private static final SimServer sim = SimServer.start(testKit.system(), new SimEngine(SIM, List.of()), "127.0.0.1", 0);
    private static final CannedServer canned = new CannedServer(testKit.system());

    @AfterAll
    static void shutdown() {
        sim.close();
        canned.close();
        testKit.shutdownTestKit();
    }

    private static EndpointSettings endpoint(String url, Duration timeout) {
        return new EndpointSettings("test-endpoint", url, "sim-test", "", Capabilities.VLLM, Duration.ZERO, 64, 16, timeout,
                new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 0));
    }

    private static OpenAiClient client(String url) {
        return new OpenAiClient(testKit.system(), endpoint(url, Duration.ofSeconds(20)));
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static ModelApiException failureOf(java.util.concurrent.CompletionStage<?> s) {
        Throwable t = catchThrowable(() -> s.toCompletableFuture().get(30, TimeUnit.SECONDS));
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        assertThat(t).isInstanceOf(ModelApiException.class);
        return (ModelApiException) t;
    }

    private static CompletionRequest request(Object prompt, Integer n, Integer logprobs) {
        return new CompletionRequest("sim-test", prompt, 12, null, null, null, n, 3L, logprobs, null, null);
    }

    @Test
    void aPromptListWithSeveralChoicesIsAnsweredByIndex() throws Exception {
        CompletionResponse r = await(client(sim.baseUrl()).complete(request(List.of("alpha", "beta", "gamma"), 2, null), null));
        assertThat(r.choices()).hasSize(6);
        assertThat(r.choices()).extracting(CompletionChoice::index).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        CompletionResponse single = await(client(sim.baseUrl()).complete(request("beta", 2, null), null));
        // Choice 0 of prompt 1 is index 2: the same text as asking for "beta" alone.
        String beta0 = r.choices().stream().filter(c -> c.index() == 2).findFirst().orElseThrow().text();
        assertThat(beta0).isEqualTo(single.choices().stream().filter(c -> c.index() == 0).findFirst().orElseThrow().text());
        assertThat(r.usage().completionTokens()).isPositive();
    }

    @Test
    void aStreamedAnswerAddsUpToTheSameTextAsTheWholeOne() throws Exception {
        OpenAiClient c = client(sim.baseUrl());
        CompletionResponse whole = await(c.complete(request(List.of("one", "two"), 2, 3), null));
        List<CompletionResponse> chunks = Collections.synchronizedList(new ArrayList<>());
        CompletionResponse streamed = await(c.complete(request(List.of("one", "two"), 2, 3), chunks::add));
        assertThat(chunks.size()).isGreaterThan(4);
        assertThat(streamed.choices()).extracting(CompletionChoice::text).isEqualTo(whole.choices().stream()
                .sorted(java.util.Comparator.comparing(CompletionChoice::index)).map(CompletionChoice::text).toList());
        assertThat(streamed.usage()).isNotNull();
        assertThat(streamed.choices().get(0).logprobs().topLogprobs()).hasSameSizeAs(streamed.choices().get(0).logprobs().tokens());
    }

    @Test
    void chatWorksStreamedAndWhole() throws Exception {
        OpenAiClient c = client(sim.baseUrl());
        ChatRequest req = new ChatRequest("sim-test", List.of(new ChatMessage("user", "Say something")), 10, null, null, null,
                null, 1L, null, null, null, null);
        ChatResponse whole = await(c.chat(req, null));
        List<ChatResponse> chunks = Collections.synchronizedList(new ArrayList<>());
        ChatResponse streamed = await(c.chat(req, chunks::add));
        assertThat(whole.choices().get(0).message().content()).isNotBlank()
                .isEqualTo(streamed.choices().get(0).message().content());
        assertThat(chunks).isNotEmpty();
    }

    @Test
    void shuffledChoicesInAStreamSplitAtOddBytesAreMatchedByIndex() throws Exception {
        String transcript = "data: {\"choices\":[{\"index\":2,\"text\":\"ça \"}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"text\":\"zero \"}]}\r\n\r\n"
                + "data: {\"choices\":[{\"index\":1,\"text\":\"one\",\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"choices\":[{\"index\":2,\"text\":\"✓\",\"finish_reason\":\"length\"}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"text\":\"end\",\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,\"total_tokens\":8}}\n\n"
                + "data: [DONE]\n\n";
        canned.answer("/odd", new CannedServer.Canned(200, transcript, true, new int[] {1, 3, 7, 2, 5}, false, false, Map.of()));
        CompletionResponse r = await(client(canned.baseUrl("/odd")).complete(request(List.of("a", "b", "c"), null, null), x -> { }));
        assertThat(r.choices()).extracting(CompletionChoice::text).containsExactly("zero end", "one", "ça ✓");
        assertThat(r.choices()).extracting(CompletionChoice::finishReason).containsExactly("stop", "stop", "length");
        assertThat(r.usage().totalTokens()).isEqualTo(8);
    }

    @Test
    void errorBodiesBecomeTypedFailuresNamingTheEndpoint() {
        record Case(int status, ModelApiException.Kind kind, boolean retryable) {}
        for (Case c : List.of(new Case(400, ModelApiException.Kind.BAD_REQUEST, false), new Case(401, ModelApiException.Kind.AUTH, false),
                new Case(429, ModelApiException.Kind.RATE_LIMITED, true), new Case(500, ModelApiException.Kind.SERVER_ERROR, true),
                new Case(503, ModelApiException.Kind.SERVER_ERROR, true))) {
            canned.answer("/err" + c.status(), new CannedServer.Canned(c.status(),
                    "{\"error\":{\"message\":\"the reason " + c.status() + "\",\"type\":\"x\",\"param\":null,\"code\":null}}",
                    false, null, false, false, c.status() == 429 ? Map.of("Retry-After", "2") : Map.of()));
            ModelApiException e = failureOf(client(canned.baseUrl("/err" + c.status())).complete(request("p", null, null), null));
            assertThat(e.kind()).isEqualTo(c.kind());
            assertThat(e.retryable()).isEqualTo(c.retryable());
            assertThat(e.status()).isEqualTo(c.status());
            assertThat(e.getMessage()).contains("model endpoint 'test-endpoint'").contains("the reason " + c.status());
            if (c.status() == 429) {
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void aStreamCutBeforeDoneIsARetryableFailure() {
        canned.answer("/cut", new CannedServer.Canned(200, "data: {\"choices\":[{\"index\":0,\"text\":\"par\"}]}\n\ndata: {\"choi",
                true, new int[] {4}, true, false, Map.of()));
        ModelApiException e = failureOf(client(canned.baseUrl("/cut")).complete(request("p", null, null), x -> { }));
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(ModelApiException.Kind.STREAM_CUT);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void aStreamThatEndsWithoutDoneIsCut() {
        canned.answer("/nodone", new CannedServer.Canned(200, "data: {\"choices\":[{\"index\":0,\"text\":\"x\"}]}\n\n",
                true, new int[] {100}, false, false, Map.of()));
        assertThat(failureOf(client(canned.baseUrl("/nodone")).complete(request("p", null, null), x -> { })).kind())
                .isEqualTo(ModelApiException.Kind.STREAM_CUT);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        canned.answer("/never", new CannedServer.Canned(200, "", false, null, false, true, Map.of()));
        OpenAiClient c = new OpenAiClient(testKit.system(), endpoint(canned.baseUrl("/never"), Duration.ofMillis(300)));
        ModelApiException e = failureOf(c.complete(request("p", null, null), null));
        assertThat(e.kind()).isEqualTo(ModelApiException.Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("test-endpoint");
    }

    @Test
    void aRefusedConnectionIsARetryableFailure() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ModelApiException e = failureOf(client("http://127.0.0.1:" + port).complete(request("p", null, null), null));
        assertThat(e.kind()).isEqualTo(ModelApiException.Kind.CONNECTION);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void malformedJsonGetsA400FromTheSimulatedEngine() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + "/v1/completions"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{not json")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"error\"").contains("not valid JSON");
        assertThat(r.headers().firstValue("X-Epic-Simulated")).contains("true");
    }
}
