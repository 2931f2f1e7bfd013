package dev.epic.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.epic.host.EpicRuntime;
import dev.epic.gateway.jobs.JobExecutor;
import dev.epic.gateway.jobs.LocalJobExecutor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** A real gateway on a free loopback port with tokens {@code alice} and {@code bob}, a {@link Gates} tool, and an HTTP client. */
final class GatewayFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALICE = "alice-token";
    static final String BOB = "bob-token";

    final Gates gates = new Gates();
    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    GatewayFixture(Path database, UnaryOperator<GatewaySettings> tweak) {
        this(database, tweak, LocalJobExecutor::new);
    }

    GatewayFixture(Path database, UnaryOperator<GatewaySettings> tweak, Function<EpicRuntime, JobExecutor> executors) {
        // The simulated engine annotates answers for "decoding": "pasta" only with its pasta behaviour turned on.
        EpicRuntime runtime = new EpicRuntime(ConfigFactory.parseString("epic.sim.tasks = [\"pasta\"]")
                .withFallback(ConfigFactory.load()), null, null);
        GatewaySettings s = GatewaySettings.fromConfig(runtime.config(), ALICE + "," + BOB).withPort(0).withHost("127.0.0.1")
                .withDatabase(database).withTokens(List.of(ALICE, BOB));
        gateway = Gateway.start(tweak.apply(s), runtime, executors, List.of(gates));
    }

    GatewayFixture(Path database) {
        this(database, s -> s);
    }

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String error() {
            return json().path("error").path("code").asText();
        }
    }

    URI uri(String path) {
        return URI.create(gateway.baseUrl() + path);
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    Reply send(HttpRequest r) {
        try {
            HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
            return new Reply(res.statusCode(), res.body(), res);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    Reply get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    Reply delete(String path, String token) {
        return send(request(path, token).DELETE().build());
    }

    Reply post(String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** POST /v1/jobs with just a program. */
    Reply submit(String token, String program, String query) {
        return post("/v1/jobs" + query, token, "{\"program\": " + quote(program) + "}");
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits (the server-side ?wait) until the job has finished and returns it. */
    JsonNode finished(String id, String token) {
        for (int i = 0; i < 10; i++) {
            Reply r = get("/v1/jobs/" + id + "?wait=30", token);
            if (r.status() == 200) {
                return r.json();
            }
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    @Override
    public void close() {
        gateway.close();
    }
}
