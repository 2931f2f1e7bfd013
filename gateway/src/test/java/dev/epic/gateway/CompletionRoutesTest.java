package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static dev.epic.gateway.GatewayFixture.quote;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.epic.gateway.GatewayFixture.Reply;
import dev.epic.model.sim.tasks.PastaAnnotator;
import dev.epic.pasta.decode.PastaSettings;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/completions} over real HTTP against the simulated annotating model: PASTA answers in the
 * OpenAI shape, what an OpenAI client sends, and the errors (OpenAI-shaped, never a 500 for bad input).
 */
class CompletionRoutesTest {
    static final String TASK = "Give five tips for better sleep.";
    static final String PROMPT = PastaSettings.defaults().prompt(TASK);

    @TempDir
    static Path dir;

    static GatewayFixture g;

    @BeforeAll
    static void start() {
        g = new GatewayFixture(dir.resolve("db/jobs"), s -> s.withLimits(s.limits().withMaxBodyBytes(64 * 1024)));
    }

    @AfterAll
    static void stop() {
        g.close();
    }

    @Test
    void aPastaCompletionReturnsTheStitchedAnswerWithUsage() {
        Reply r = g.post("/v1/completions", ALICE, "{\"prompt\": " + quote(PROMPT) + ", \"decoding\": \"pasta\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode b = r.json();
        assertThat(b.get("object").asText()).isEqualTo("text_completion");
        assertThat(b.at("/choices/0/text").asText()).isEqualTo(PastaAnnotator.AnnotatedPlan.of(TASK, 0).plain());
        assertThat(b.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(b.at("/usage/completion_tokens").asLong()).isPositive()
                .isEqualTo(b.at("/pasta/tokens_decoded").asLong());
        assertThat(b.at("/usage/total_tokens").asLong()).isGreaterThanOrEqualTo(b.at("/usage/completion_tokens").asLong());
        assertThat(b.at("/pasta/critical_steps").asLong()).as("threads decoded side by side")
                .isLessThan(b.at("/pasta/sequential_tokens").asLong());
    }

    @Test
    void theRequestAnOpenAiClientSendsWorks() {
        // As the openai Python client sends it (client.completions.create(..., extra_body={"decoding": "pasta"})):
        // its own headers, the model by name, sampling fields with their defaults, a one-element prompt list.
        String body = "{\"model\": \"epic-sim-7b\", \"prompt\": [" + quote(PROMPT) + "], \"max_tokens\": 4000, "
                + "\"temperature\": 0, \"top_p\": 1, \"n\": 1, \"stream\": false, \"decoding\": \"pasta\"}";
        Reply r = g.send(g.request("/v1/completions", ALICE)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", "OpenAI/Python 1.54.0")
                .header("X-Stainless-Lang", "python")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/json"));
        JsonNode b = r.json();
        assertThat(b.get("model").asText()).isEqualTo("epic-sim-7b");
        assertThat(b.get("choices")).hasSize(1);
        assertThat(b.at("/choices/0/index").asInt()).isZero();
        assertThat(b.at("/choices/0/text").asText()).isEqualTo(PastaAnnotator.AnnotatedPlan.of(TASK, 0).plain());
    }

    @Test
    void badBodiesAre4xxWithOpenAiErrorMessages() {
        String[][] cases = {
            {"not json", "400", "not valid JSON"},
            {"", "400", "must be a JSON object"},
            {"[1, 2]", "400", "must be a JSON object"},
            {"{\"prompt\": \"x\"}", "400", "\"decoding\": \"pasta\" only"},
            {"{\"prompt\": \"x\", \"decoding\": \"beam\"}", "400", "\"decoding\": \"pasta\" only"},
            {"{\"decoding\": \"pasta\"}", "400", "'prompt' must be"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"stream\": true}", "400", "streaming is not supported"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"model\": \"gpt-9\"}", "400", "'gpt-9' is not served"},
            {"{\"prompt\": \"x\", \"decoding\": \"pasta\", \"max_tokens\": -3}", "400", "'max_tokens'"},
        };
        for (String[] c : cases) {
            Reply r = g.post("/v1/completions", ALICE, c[0]);
            assertThat(r.status()).as(c[0] + " -> " + r.body()).isEqualTo(Integer.parseInt(c[1]));
            assertThat(r.json().at("/error/message").asText()).as(c[0]).contains(c[2]);
            assertThat(r.json().at("/error/type").asText()).as(c[0]).isEqualTo("invalid_request_error");
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(g.post("/v1/completions", ALICE, "{\"prompt\": \"x\"}").json().at("/error/param").asText()).isEqualTo("decoding");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        Reply r = g.post("/v1/completions", ALICE, "{\"prompt\": " + quote("x".repeat(70 * 1024)) + ", \"decoding\": \"pasta\"}");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("payload_too_large");
        assertThat(r.json().at("/error/message").asText()).contains("65536");
    }

    @Test
    void withoutATokenItIs401AndOtherMethodsAre405() {
        Reply none = g.post("/v1/completions", null, "{\"prompt\": \"x\", \"decoding\": \"pasta\"}");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.error()).isEqualTo("unauthorized");
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).isPresent();
        Reply wrong = g.post("/v1/completions", "not-a-token", "{\"prompt\": \"x\", \"decoding\": \"pasta\"}");
        assertThat(wrong.status()).isEqualTo(401);
        Reply get = g.get("/v1/completions", ALICE);
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.error()).isEqualTo("method_not_allowed");
    }
}
