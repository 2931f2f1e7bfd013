package dev.epic.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.epic.cluster.NodeProcess;
import dev.epic.gateway.Gateway;
import dev.epic.cli.GatewayCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code epic gateway --cluster} against two worker nodes, each its own JVM ({@code epic node}): the gateway (in
 * this JVM, as the command builds it) is a member with the {@code gateway} role, {@code /ready} is 503 until a
 * worker is up and 200 after, and a job submitted over HTTP has its {@code List.map} calls hosted on both workers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayClusterIT {
    static final Duration READY = Duration.ofSeconds(60);
    static final String TOKEN = "it-token";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static final List<NodeProcess> workers = new ArrayList<>();
    static final List<Integer> ports = new ArrayList<>();
    static Path nodeConfig;
    static Gateway gateway;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void startGatewayFirst() throws Exception {
        nodeConfig = dir.resolve("node.conf");
        Files.writeString(nodeConfig, String.join("\n",
                "pekko.cluster.split-brain-resolver.stable-after = 3s",
                "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 4s",
                "pekko.cluster.failure-detector.heartbeat-interval = 500ms",
                ""));
        Path gatewayConfig = dir.resolve("gateway.conf");
        // The gateway starts before any worker: it gives up waiting for one at once and serves, not ready.
        Files.writeString(gatewayConfig, Files.readString(nodeConfig) + String.join("\n",
                "epic.cluster.worker-wait = 1ms",
                "epic.gateway.auth.tokens = [\"" + TOKEN + "\"]",
                ""));
        for (int i = 0; i < 2; i++) {
            ports.add(NodeProcess.freePort());
        }
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs("--port", "0", "--host", "127.0.0.1", "--cluster", "127.0.0.1:" + ports.get(0),
                "--config", gatewayConfig.toString(), "--database", dir.resolve("db/jobs").toString());
        StringWriter out = new StringWriter();
        gateway = command.open(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertThat(out.toString()).contains("cluster mode");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (NodeProcess n : workers) {
            n.close();
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void isNotReadyWithoutAWorker() throws Exception {
        HttpResponse<String> r = get("/ready");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        JsonNode b = JSON.readTree(r.body());
        assertThat(b.at("/error/code").asText()).isEqualTo("not_ready");
        assertThat(b.get("executor").asText()).contains("cluster member").contains("0 worker(s) up");
    }

    @Test
    @Order(2)
    void becomesReadyWhenTheWorkersAreUp() throws Exception {
        String seed = "pekko://epic@127.0.0.1:" + ports.get(0);
        for (int i = 0; i < 2; i++) {
            workers.add(NodeProcess.start("worker" + i, dir, "node", "--port", String.valueOf(ports.get(i)),
                    "--seeds", seed, "--config", nodeConfig.toString()));
        }
        for (NodeProcess n : workers) {
            n.awaitLine("epic node up at", READY);
        }
        long deadline = System.nanoTime() + READY.toNanos();
        HttpResponse<String> r = get("/ready");
        // Membership gossip reaches the gateway a moment after the nodes print that they are up.
        while (!(r.statusCode() == 200 && JSON.readTree(r.body()).get("executor").asText().contains("2 worker(s) up"))) {
            assertThat(System.nanoTime()).as("waiting for /ready with 2 workers: " + r.body()).isLessThan(deadline);
            Thread.sleep(100);
            r = get("/ready");
        }
        JsonNode b = JSON.readTree(r.body());
        assertThat(b.get("status").asText()).isEqualTo("ready");
        assertThat(b.get("executor").asText()).as("a member with the gateway role, not a worker").contains("(Up)")
                .contains("gateway").doesNotContain("worker,").doesNotContain(", worker");
    }

    @Test
    @Order(3)
    void aJobSubmittedOverHttpIsSpreadOverBothWorkers() throws Exception {
        // args reach the workers too: they compile the job's text again.
        String program = "List.sum (List.map (fun i -> delay(200, i * args.n)) (List.range(1, 21)))";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/jobs?wait=60"))
                .timeout(Duration.ofSeconds(90)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"program\": " + JSON.writeValueAsString(program)
                        + ", \"args\": {\"n\": 10, \"note\": \"a \\\"quoted\\\" ${x} \\\\ line\\n\"}, \"limits\": {\"timeout_s\": 60}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode job = JSON.readTree(r.body());
        assertThat(job.get("state").asText()).as(r.body()).isEqualTo("succeeded");
        assertThat(job.get("engine").asText()).isEqualTo("opportunistic");
        assertThat(job.get("result").asText()).isEqualTo("2100");
        JsonNode stats = job.get("stats");
        assertThat(stats.get("engine").asText()).isEqualTo("cluster");
        assertThat(stats.get("external_calls").asLong()).isEqualTo(20);
        JsonNode nodes = stats.get("nodes");
        assertThat(nodes).as("what each worker did: " + stats).hasSize(2);
        List<String> addresses = new ArrayList<>();
        long subtrees = 0;
        long calls = 0;
        for (JsonNode n : nodes) {
            assertThat(n.get("subtrees").asLong()).as("every worker hosted some of the calls: " + stats).isPositive();
            addresses.add(n.get("node").asText());
            subtrees += n.get("subtrees").asLong();
            calls += n.get("calls").asLong();
        }
        assertThat(addresses).as("the workers, not the gateway").containsExactlyInAnyOrder(
                "pekko://epic@127.0.0.1:" + ports.get(0), "pekko://epic@127.0.0.1:" + ports.get(1));
        assertThat(subtrees).isEqualTo(20);
        assertThat(calls).as("calls dispatched on the workers").isEqualTo(20);
    }

    @Test
    @Order(4)
    void anErrorOnAWorkerIsReportedAtThePositionTheClientWrote() throws Exception {
        HttpResponse<String> r = post("{\"program\": " + JSON.writeValueAsString(
                "let f = fun i -> delay(5, i) in\nList.map (fun i -> f i + args.missing) (List.range(1, 3))") + ", \"args\": {\"n\": 1}}");
        JsonNode job = JSON.readTree(r.body());
        assertThat(job.get("state").asText()).as(r.body()).isEqualTo("failed");
        assertThat(job.at("/error/message").asText()).contains("missing");
        assertThat(job.at("/error/line").asInt()).as(r.body()).isEqualTo(2);
        assertThat(job.at("/error/column").asInt()).isPositive();
    }

    static HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/jobs?wait=60"))
                .timeout(Duration.ofSeconds(90)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(5)
    void aSequentialJobStillRunsInTheGateway() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/jobs?wait=30"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"program\": \"List.sum (List.map (fun i -> delay(5, i)) (List.range(1, 4)))\", "
                        + "\"engine\": \"sequential\"}")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode job = JSON.readTree(r.body());
        assertThat(job.get("result").asText()).as(r.body()).isEqualTo("6");
        assertThat(job.at("/stats/engine").asText()).isEqualTo("sequential");
        assertThat(job.at("/stats/nodes").isMissingNode()).isTrue();
    }
}
