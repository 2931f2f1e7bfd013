package dev.epic.gateway;

import static dev.epic.gateway.GatewayFixture.ALICE;
import static dev.epic.gateway.GatewayFixture.quote;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first PASTA requests start the model endpoints: many of them arriving at once, before the endpoints
 * are up, all get their answer (starting the endpoints must not hold the HTTP server's threads it needs).
 */
class CompletionStartTest {
    @TempDir
    Path dir;

    @Test
    void manyFirstRequestsAtOnceAreAllAnswered() throws Exception {
        try (GatewayFixture g = new GatewayFixture(dir.resolve("db/jobs"))) {
            String body = "{\"prompt\": " + quote(CompletionRoutesTest.PROMPT) + ", \"decoding\": \"pasta\"}";
            List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
            // More than the default dispatcher's threads on a small machine.
            for (int i = 0; i < 24; i++) {
                replies.add(g.http.sendAsync(g.request("/v1/completions", ALICE).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> r : replies) {
                HttpResponse<String> res = r.get(120, TimeUnit.SECONDS);
                assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
                assertThat(res.body()).contains("text_completion");
            }
        }
    }
}
