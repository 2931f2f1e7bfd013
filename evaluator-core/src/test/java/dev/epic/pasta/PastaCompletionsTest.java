package dev.epic.pasta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.epic.model.api.ModelJson;
import dev.epic.model.sim.tasks.PastaAnnotator;
import dev.epic.pasta.decode.PastaRecorder;
import dev.epic.pasta.decode.PastaSettings;
import dev.epic.pasta.openai.PastaCompletions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAI-shaped PASTA completion service against the simulated annotating model. */
class PastaCompletionsTest {
    private static SimFixture sim;
    private static PastaCompletions service;
    private static final PastaRecorder RECORDER = new PastaRecorder();
    private static final String PROMPT = PastaSettings.defaults().prompt("Give five tips for better sleep.");

    @BeforeAll
    static void start() {
        sim = new SimFixture("pasta-completions-test", 1);
        service = new PastaCompletions(sim.models.service(), PastaSettings.defaults(), RECORDER);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static PastaCompletions.Response post(String body) throws Exception {
        return service.complete(body).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void answersAnOpenAiCompletionWithTheStitchedText() throws Exception {
        PastaCompletions.Response r = post("{\"model\": \"sim-test\", \"prompt\": " + json(PROMPT) + ", \"decoding\": \"pasta\"}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode b = r.body();
        assertThat(b.get("object").asText()).isEqualTo("text_completion");
        assertThat(b.get("model").asText()).isEqualTo("sim-test");
        assertThat(b.get("id").asText()).startsWith("cmpl-pasta-");
        assertThat(b.at("/choices/0/text").asText()).isEqualTo(PastaAnnotator.AnnotatedPlan.of("Give five tips for better sleep.", 0).plain());
        assertThat(b.at("/choices/0/index").asInt()).isZero();
        assertThat(b.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(b.at("/usage/completion_tokens").asLong()).isEqualTo(b.at("/pasta/tokens_decoded").asLong());
        assertThat(b.at("/pasta/speedup").asDouble()).isGreaterThan(1.0);
        assertThat(b.at("/pasta/critical_steps").asLong()).isLessThan(b.at("/pasta/sequential_tokens").asLong());
        assertThat(RECORDER.answers()).isNotEmpty();
    }

    @Test
    void answersEachPromptOfAList() throws Exception {
        String other = PastaSettings.defaults().prompt("Describe the water cycle.");
        PastaCompletions.Response r = post("{\"prompt\": [" + json(PROMPT) + ", " + json(other) + "], \"decoding\": \"pasta\", "
                + "\"pasta\": {\"layout\": \"appended\"}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("choices")).hasSize(2);
        assertThat(r.body().at("/choices/1/index").asInt()).isEqualTo(1);
        assertThat(r.body().at("/choices/1/text").asText()).isEqualTo(PastaAnnotator.AnnotatedPlan.of("Describe the water cycle.", 0).plain());
        assertThat(r.body().get("pasta")).hasSize(2);
    }

    @Test
    void aSmallMaxTokensEndsTheAnswerWithLength() throws Exception {
        PastaCompletions.Response r = post("{\"prompt\": " + json(PROMPT) + ", \"decoding\": \"pasta\", \"max_tokens\": 12}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(r.body().at("/pasta/tokens_decoded").asLong()).isLessThanOrEqualTo(12);
    }

    @Test
    void maxTokensBoundsCompletionTokensWhileChunksRunBesideTheMainThread() throws Exception {
        // Five points are promised early; their chunks decode while the main thread goes on towards the cap.
        for (int max : new int[] {60, 100, 160}) {
            PastaCompletions.Response r = post("{\"prompt\": " + json(PROMPT) + ", \"decoding\": \"pasta\", \"max_tokens\": " + max + "}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().at("/pasta/decode_calls").asInt()).as("chunks ran, max_tokens %d", max).isGreaterThan(1);
            assertThat(r.body().at("/usage/completion_tokens").asLong()).as("max_tokens %d", max).isLessThanOrEqualTo(max);
        }
    }

    @Test
    void badRequestsGetOpenAiErrors() throws Exception {
        String[][] cases = {
            {"not json", "not valid JSON", null},
            {"[1]", "must be a JSON object", null},
            {"{\"prompt\": \"x\"}", "\"decoding\": \"pasta\" only", "decoding"},
            {"{\"prompt\": \"x\", \"decoding\": \"greedy\"}", "\"decoding\": \"pasta\" only", "decoding"},
            {"{\"decoding\": \"pasta\"}", "'prompt' must be", "prompt"},
            {"{\"prompt\": [1], \"decoding\": \"pasta\"}", "'prompt' must be", "prompt"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"stream\": true}", "streaming is not supported", "stream"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"n\": 2}", "'n' must be 1", "n"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"stop\": \"\\n\"}", "'stop' is not supported", "stop"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"max_tokens\": 0}", "'max_tokens' must be an integer", "max_tokens"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"model\": \"gpt-9\"}", "'gpt-9' is not served", "model"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"temperature\": \"hot\"}", "'temperature' must be", "temperature"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"pasta\": {\"layout\": \"up\"}}", "'pasta.layout'", "pasta.layout"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"pasta\": {\"budget_factor\": -1}}", "'pasta.budget_factor'", "pasta.budget_factor"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"pasta\": {\"budget_slack\": -1}}", "'pasta.budget_slack' must be an integer from 0", "pasta.budget_slack"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"pasta\": {\"max_rounds\": 5000}}", "'pasta.max_rounds' must be an integer from 1 to 1000", "pasta.max_rounds"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"pasta\": {\"colour\": 1}}", "unknown option 'pasta.colour'", "pasta.colour"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"max_tokens\": 2000000}", "'max_tokens' must be an integer from 1 to 1000000", "max_tokens"},
        };
        for (String[] c : cases) {
            PastaCompletions.Response r = post(c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.body().at("/error/message").asText()).as(c[0]).contains(c[1]);
            assertThat(r.body().at("/error/type").asText()).isEqualTo("invalid_request_error");
            assertThat(r.body().at("/error/param").isNull() ? null : r.body().at("/error/param").asText()).isEqualTo(c[2]);
        }
    }

    @Test
    void tellsWhichRequestsAskForPasta() throws Exception {
        var mapper = ModelJson.MAPPER;
        assertThat(PastaCompletions.wantsPasta(mapper.readTree("{\"prompt\": \"x\", \"decoding\": \"pasta\"}"))).isTrue();
        assertThat(PastaCompletions.wantsPasta(mapper.readTree("{\"prompt\": \"x\"}"))).isFalse();
        assertThat(PastaCompletions.wantsPasta(mapper.readTree("{\"decoding\": 1}"))).isFalse();
        assertThat(PastaCompletions.wantsPasta(mapper.readTree("[]"))).isFalse();
    }

    @Test
    void aFailingModelEndpointIsABadGateway() throws Exception {
        sim.models.sim().faults().failNext(1, 500);
        PastaCompletions.Response r = post("{\"prompt\": " + json(PROMPT) + ", \"decoding\": \"pasta\"}");
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.body().at("/error/message").asText()).contains("PASTA decoding failed").contains("model endpoint 'sim'");
        assertThat(r.body().at("/error/type").asText()).isEqualTo("upstream_error");
    }
}
