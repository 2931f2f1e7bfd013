package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hard stop: {@code epic gateway} in its own JVM is killed (SIGKILL, no shutdown hook) while jobs run; a
 * gateway started on the same database has every job it had accepted, finished ones with their results and
 * the others run to the end.
 */
class KilledGatewayTest {
    @TempDir
    Path dir;

    @Test
    void jobsAcceptedByAKilledGatewayAreNotLost() throws Exception {
        Path db = dir.resolve("db/jobs");
        Map<String, String> finished = new LinkedHashMap<>();
        List<String> running = new ArrayList<>();
        try (GatewayProcess p = new GatewayProcess(db)) {
            String base = p.baseUrl();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 3; i++) {
                JsonNode j = post(http, base + "/v1/jobs?wait=30", "{\"program\": \"delay(1, " + i + ") + 100\"}");
                assertThat(j.get("state").asText()).isEqualTo("succeeded");
                finished.put(j.get("id").asText(), j.get("result").asText());
            }
            for (int i = 0; i < 3; i++) {
                JsonNode j = post(http, base + "/v1/jobs", "{\"program\": \"delay(2000, " + i + ") + 200\"}");
                running.add(j.get("id").asText());
            }
        }
        try (GatewayFixture g = new GatewayFixture(db)) {
            for (Map.Entry<String, String> e : finished.entrySet()) {
                // Its end was recorded just after the 202 of ?wait; had the kill come in between, it would run again, to the same result.
                assertThat(g.finished(e.getKey(), ALICE).get("result").asText()).isEqualTo(e.getValue());
            }
            for (int i = 0; i < running.size(); i++) {
                JsonNode j = g.finished(running.get(i), ALICE);
                assertThat(j.get("state").asText()).isEqualTo("succeeded");
                assertThat(j.get("result").asText()).isEqualTo(Integer.toString(200 + i));
            }
        }
    }

    static JsonNode post(HttpClient http, String url, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + ALICE)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
        return GatewayFixture.JSON.readTree(r.body());
    }
}
