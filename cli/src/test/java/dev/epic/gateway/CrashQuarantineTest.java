package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poison job: one that takes its gateway's process down each time it runs ({@code Test.halt_process}, a test hook).
 * With {@code crash-retries = 1} it runs once more after the first crash; after the second the next gateway does not
 * run it again but reports it failed with the code {@code crashed}, and serves.
 */
class CrashQuarantineTest {
    @TempDir
    Path dir;

    @Test
    void aJobThatKillsItsProcessRunsOnceMoreThenEndsAsCrashed() throws Exception {
        Path db = dir.resolve("db/jobs");
        String id;
        try (GatewayProcess first = new GatewayProcess(db)) {
            JsonNode j = KilledGatewayTest.post(HttpClient.newHttpClient(), first.baseUrl() + "/v1/jobs",
                    "{\"program\": \"Test.halt_process \\\"now\\\"\"}");
            id = j.get("id").asText();
            assertThat(first.awaitExit()).isEqualTo(137);
        }
        try (GatewayProcess second = new GatewayProcess(db)) {
            // The restart runs it again (its first crash is within crash-retries), and it takes this process down too.
            assertThat(second.awaitExit()).isEqualTo(137);
        }
        try (GatewayFixture third = new GatewayFixture(db)) {
            JsonNode job = third.finished(id, ALICE);
            assertThat(job.get("state").asText()).isEqualTo("failed");
            assertThat(job.get("error").get("code").asText()).isEqualTo("crashed");
            assertThat(job.get("error").get("message").asText()).contains("2 times");
            assertThat(third.get("/health", null).status()).isEqualTo(200);
            GatewayFixture.Reply ok = third.post("/v1/jobs?wait=30", ALICE, "{\"program\": \"1 + 1\"}");
            assertThat(ok.json().get("result").asText()).isEqualTo("2");
        }
    }
}
