package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the gateway mid-run and starting it again on the same database: finished jobs keep their results
 * and events, unfinished ones (running or still queued) run again to the end; no accepted job disappears.
 * Finished jobs past the retention are deleted.
 */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void everyAcceptedJobCompletesOrKeepsItsResultAcrossARestart() throws Exception {
        Path db = dir.resolve("db/jobs");
        Map<String, String> finished = new LinkedHashMap<>();
        Map<String, String> unfinished = new LinkedHashMap<>();
        try (GatewayFixture a = new GatewayFixture(db, s -> s.withLimits(s.limits().withMaxRunning(2)))) {
            for (int i = 0; i < 3; i++) {
                JsonNode j = a.submit(ALICE, "print " + i + "; delay(5, " + i + ") * 10", "?wait=30").json();
                assertThat(j.get("state").asText()).isEqualTo("succeeded");
                finished.put(j.get("id").asText(), j.get("result").asText());
            }
            for (int i = 0; i < 4; i++) {
                JsonNode j = a.submit(ALICE, "let x = gate \"r" + i + "\" in x ^ \"-done\"", "").json();
                unfinished.put(j.get("id").asText(), "r" + i + "-done");
            }
            a.gates.awaitCalled("r0");
            a.gates.awaitCalled("r1");
            assertThat(a.get("/v1/jobs?state=queued", ALICE).json().get("jobs")).hasSize(2);
        }
        try (GatewayFixture b = new GatewayFixture(db)) {
            b.gates.openAll();
            for (Map.Entry<String, String> e : finished.entrySet()) {
                JsonNode j = b.get("/v1/jobs/" + e.getKey(), ALICE).json();
                assertThat(j.get("state").asText()).isEqualTo("succeeded");
                assertThat(j.get("result").asText()).isEqualTo(e.getValue());
                String events = b.get("/v1/jobs/" + e.getKey() + "/events", ALICE).body();
                assertThat(events).contains("event:output").contains("event:done");
            }
            for (Map.Entry<String, String> e : unfinished.entrySet()) {
                JsonNode j = b.finished(e.getKey(), ALICE);
                assertThat(j.get("state").asText()).isEqualTo("succeeded");
                assertThat(j.get("result").asText()).isEqualTo(e.getValue());
            }
            assertThat(b.get("/v1/jobs?limit=100", ALICE).json().get("jobs")).hasSize(7);
            // New jobs continue the submission order after the restored ones.
            String next = b.submit(ALICE, "1", "?wait=30").json().get("id").asText();
            JsonNode all = b.get("/v1/jobs?limit=100", ALICE).json().get("jobs");
            assertThat(all.get(all.size() - 1).get("id").asText()).isEqualTo(next);
        }
        try (GatewayFixture c = new GatewayFixture(db, s -> s.withRetention(Duration.ofMillis(1)))) {
            for (String id : finished.keySet()) {
                assertThat(c.get("/v1/jobs/" + id, ALICE).status()).isEqualTo(404);
            }
        }
    }
}
