package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static dev.epic.gateway.GatewayFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.gateway.GatewayFixture.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens, ownership, size limits, the per-token job limit and File.read's confinement. */
class SecurityTest {
    @TempDir
    static Path dir;

    static GatewayFixture g;

    @BeforeAll
    static void start() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("points.csv"), "x,y\n1,2\n3,4\n");
        Files.writeString(dir.resolve("secret.csv"), "s\n42\n");
        g = new GatewayFixture(dir.resolve("db/jobs"), s -> s.withDataDir(data)
                .withLimits(s.limits().withMaxJobsPerToken(2).withMaxBodyBytes(64 * 1024).withMaxProgramChars(1000)
                .withMaxEventsPerJob(50)));
    }

    @AfterAll
    static void stop() {
        g.close();
    }

    @Test
    void requestsWithoutAValidTokenAre401() {
        Reply none = g.submit(null, "1", "");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.error()).isEqualTo("unauthorized");
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"epic\"");
        assertThat(g.submit("wrong", "1", "").status()).isEqualTo(401);
        assertThat(g.send(g.request("/v1/jobs", null).header("Authorization", "Basic YTpi").GET().build()).status()).isEqualTo(401);
        assertThat(g.get("/v1/jobs", null).status()).isEqualTo(401);
        assertThat(g.post("/v1/check", null, "{\"program\": \"1\"}").status()).isEqualTo(401);
        assertThat(g.get("/jobs/x/timeline", null).status()).isEqualTo(401);
        assertThat(g.get("/jobs/x/timeline?token=wrong", null).status()).isEqualTo(401);
    }

    @Test
    void anotherTokensJobIs403() {
        String id = g.submit(ALICE, "1", "?wait=30").json().get("id").asText();
        for (Reply r : List.of(g.get("/v1/jobs/" + id, BOB), g.delete("/v1/jobs/" + id, BOB), g.get("/v1/jobs/" + id + "/events", BOB),
                g.get("/jobs/" + id + "/timeline?token=" + BOB, null))) {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.error()).isEqualTo("forbidden");
        }
        assertThat(g.get("/v1/jobs", BOB).json().get("jobs").findValuesAsText("id")).doesNotContain(id);
        assertThat(g.get("/v1/jobs/" + id, ALICE).status()).isEqualTo(200);
    }

    @Test
    void oversizedBodiesAndProgramsAre413() {
        Reply body = g.post("/v1/jobs", ALICE, "{\"program\": \"" + "1".repeat(100_000) + "\"}");
        assertThat(body.status()).as(body.body()).isEqualTo(413);
        assertThat(body.error()).isEqualTo("payload_too_large");
        Reply program = g.submit(ALICE, "1 + " + "1 + ".repeat(400) + "1", "");
        assertThat(program.status()).isEqualTo(413);
        assertThat(program.error()).isEqualTo("program_too_large");
        assertThat(program.json().get("error").get("message").asText()).contains("the limit is 1000");
    }

    @Test
    void aTokenPastItsJobLimitGets429WithRetryAfter() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Reply r = g.submit(BOB, "gate \"limit" + i + "\"", "");
            assertThat(r.status()).isEqualTo(202);
            ids.add(r.json().get("id").asText());
        }
        Reply refused = g.submit(BOB, "1", "");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.error()).isEqualTo("too_many_jobs");
        assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("1");
        // Another token is not affected; and once a job ends the token may submit again.
        assertThat(g.submit(ALICE, "1", "?wait=30").status()).isEqualTo(200);
        g.gates.open("limit0");
        g.finished(ids.get(0), BOB);
        assertThat(g.submit(BOB, "2", "?wait=30").status()).isEqualTo(200);
        g.gates.open("limit1");
        g.finished(ids.get(1), BOB);
    }

    @Test
    void fileReadReadsTheDataDirectoryAndNothingOutsideIt() {
        Reply ok = g.submit(ALICE, "File.read \"points.csv\"", "?wait=30");
        assertThat(ok.json().get("result").asText()).isEqualTo("[[1.0, 2.0], [3.0, 4.0]]");
        Reply out = g.submit(ALICE, "let rows = File.read \"../secret.csv\" in rows", "?wait=30");
        assertThat(out.json().get("state").asText()).isEqualTo("failed");
        assertThat(out.json().get("error").get("message").asText()).contains("outside the data directory");
        assertThat(out.json().get("error").get("line").asInt()).isEqualTo(1);
        assertThat(out.json().get("error").get("column").asInt()).isEqualTo(12);
        Reply abs = g.submit(ALICE, "File.read \"" + dir.resolve("secret.csv") + "\"", "?wait=30");
        assertThat(abs.json().get("error").get("message").asText()).contains("relative to the data directory");
    }

    @Test
    void aJobThatFloodsEventsIsStoppedAndTheGatewayKeepsServing() {
        Reply r = g.submit(ALICE, "List.map (fun i -> print i) (List.range(0, 5000))", "?wait=30");
        assertThat(r.json().get("state").asText()).isEqualTo("failed");
        assertThat(r.json().get("error").get("code").asText()).isEqualTo("event_limit");
        assertThat(r.json().get("event_count").asInt()).isEqualTo(51);
        assertThat(g.submit(ALICE, "print 1; 2", "?wait=30").json().get("result").asText()).isEqualTo("2");
    }
}
