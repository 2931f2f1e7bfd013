package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static dev.epic.gateway.GatewayFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.epic.gateway.GatewayFixture.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile programs sent to one gateway (the suite the engines run, read from evaluator-core's test resources): each
 * ends as that job's own positioned error, a job of another token running beside it succeeds, and the gateway answers
 * {@code /health} after each. Memory limits are per request and bounded by the gateway.
 */
class HostileJobsTest {
    /** The normal job that runs beside each hostile one: it takes a while and has one right answer. */
    private static final String NORMAL = "fold((fun (x, acc) -> x + acc), List.range(0, 200000), 0)";
    private static final String NORMAL_RESULT = "19999900000";

    @TempDir
    static Path dir;

    static GatewayFixture g;

    @BeforeAll
    static void start() {
        g = new GatewayFixture(dir.resolve("db/jobs"));
    }

    @AfterAll
    static void stop() {
        g.close();
    }

    static Stream<Arguments> cases() throws IOException {
        // Maven runs each module's tests in the module's directory.
        Path file = Path.of("../evaluator-core/src/test/resources/hostile-programs.tsv");
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t", 3))
                // The injected frame bug needs a language module of its own; the engines' suite covers it.
                .filter(f -> !f[2].contains("Hostile.bad_frame"))
                .map(f -> Arguments.of(f[0], f[1], f[2]));
    }

    private static String job(String program, String limits) {
        return "{\"program\": " + GatewayFixture.quote(program) + ", \"limits\": " + limits + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aHostileJobFailsAloneAndTheGatewayServesOn(String name, String kind, String program) {
        Reply normal = g.post("/v1/jobs", BOB, job(NORMAL, "{\"timeout_s\": 120}"));
        Reply hostile = g.post("/v1/jobs", ALICE, job(program, "{\"max_memory_mb\": 16, \"timeout_s\": 60}"));
        assertThat(hostile.status()).as(hostile.body()).isEqualTo(202);
        assertThat(normal.status()).as(normal.body()).isEqualTo(202);

        JsonNode h = g.finished(hostile.json().get("id").asText(), ALICE);
        assertThat(h.get("state").asText()).as(h.toString()).isEqualTo("failed");
        JsonNode error = h.get("error");
        String expectedCode = switch (kind) {
            case "MEMORY" -> "memory_limit";
            case "EXTERNAL" -> "external_call_failed";
            default -> "internal_error";
        };
        assertThat(error.get("code").asText()).as(error.toString()).isEqualTo(expectedCode);
        assertThat(error.get("line").asInt()).as("positioned: " + error).isPositive();
        assertThat(error.get("column").asInt()).isPositive();
        assertThat(error.get("message").asText()).doesNotContain("Exception").doesNotContain("java.");

        JsonNode n = g.finished(normal.json().get("id").asText(), BOB);
        assertThat(n.get("state").asText()).as(n.toString()).isEqualTo("succeeded");
        assertThat(n.get("result").asText()).isEqualTo(NORMAL_RESULT);
        assertThat(g.get("/health", null).status()).isEqualTo(200);
    }

    @Test
    void memoryLimitsAreShownAndBoundedPerRequest() {
        Reply ok = g.post("/v1/jobs?wait=30", ALICE, job("1 + 1", "{\"max_memory_mb\": 8}"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("limits").get("max_memory_mb").asDouble()).isEqualTo(8.0);
        Reply byDefault = g.post("/v1/jobs?wait=30", ALICE, job("1 + 1", "{}"));
        assertThat(byDefault.json().get("limits").get("max_memory_mb").asDouble()).isEqualTo(64.0);

        Reply tooMuch = g.post("/v1/jobs", ALICE, job("1", "{\"max_memory_mb\": 1000000}"));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.error()).isEqualTo("limit_too_high");
        for (String bad : List.of("0", "-3", "\"lots\"", "true")) {
            Reply r = g.post("/v1/jobs", ALICE, job("1", "{\"max_memory_mb\": " + bad + "}"));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.error()).as(bad).isEqualTo("invalid_limits");
        }
    }
}
