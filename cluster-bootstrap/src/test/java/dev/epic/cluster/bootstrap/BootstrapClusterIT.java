package dev.epic.cluster.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.epic.host.StandardFunctions;
import dev.epic.cluster.ClusterEngine;
import dev.epic.cluster.ClusterNode;
import dev.epic.cluster.NodeProcess;
import dev.epic.cluster.NodeReport;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.syntax.Source;
import dev.epic.pasta.decode.PastaRecorder;
import dev.epic.tools.ExternalRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code epic node} JVMs with {@code epic.cluster.join = bootstrap} and no seed nodes: Cluster Bootstrap
 * finds them through {@code config} discovery (their three management endpoints on loopback, the stand-in here
 * for the Kubernetes API) and they form one cluster. This JVM then joins it through one node's address and
 * submits a job that spreads over the three workers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240)
class BootstrapClusterIT {
    private static final Duration READY = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    static final List<NodeProcess> nodes = new ArrayList<>();
    static final List<Integer> managementPorts = new ArrayList<>();
    static final Set<String> addresses = new TreeSet<>();
    static ActorSystem<SpawnProtocol.Command> client;
    static ClusterEngine engine;
    static ExternalRegistry registry;

    @BeforeAll
    static void startNodes() throws Exception {
        for (int i = 0; i < 3; i++) {
            managementPorts.add(NodeProcess.freePort());
        }
        String endpoints = managementPorts.stream().map(p -> "{host = \"127.0.0.1\", port = " + p + "}")
                .collect(Collectors.joining(", "));
        for (int i = 0; i < 3; i++) {
            Path conf = dir.resolve("node" + i + ".conf");
            Files.writeString(conf, String.join("\n",
                    "epic.cluster.join = bootstrap",
                    "pekko.management.http.port = " + managementPorts.get(i),
                    "pekko.management.cluster.bootstrap {",
                    "  contact-point-discovery {",
                    "    discovery-method = config",
                    "    required-contact-point-nr = 3",
                    "    stable-margin = 1s",
                    "    interval = 200ms",
                    "  }",
                    // All three endpoints are on one host with different ports: keep them all.
                    "  contact-point.filter-on-fallback-port = false",
                    "  contact-point.probe-interval = 200ms",
                    "}",
                    "pekko.discovery.config.services.epic.endpoints = [" + endpoints + "]",
                    // Four JVMs share a loaded machine: a healthy node may pause for seconds.
                    "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 15s",
                    ""));
            nodes.add(NodeProcess.start("node" + i + "-" + System.nanoTime(), dir, "node", "--port", "0",
                    "--config", conf.toString()));
        }
        Pattern up = Pattern.compile("epic node up at (\\S+)");
        for (NodeProcess n : nodes) {
            Matcher m = up.matcher(n.awaitLine("epic node up at", READY));
            assertThat(m.find()).isTrue();
            addresses.add(m.group(1));
        }
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (client != null) {
            client.terminate();
            client.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        for (NodeProcess n : nodes) {
            n.close();
        }
    }

    @Test
    @Order(1)
    void threeNodesWithoutSeedsFormOneCluster() throws Exception {
        assertThat(addresses).hasSize(3);
        for (int port : managementPorts) {
            // Each node's own view, over its management endpoint: the same three members, all Up.
            Set<String> upMembers = awaitUpMembers(port, 3);
            assertThat(upMembers).as("members seen by the node on management port " + port).isEqualTo(addresses);
        }
    }

    @Test
    @Order(2)
    void everyNodeAnswersTheProbesKubernetesUses() throws Exception {
        for (int port : managementPorts) {
            assertThat(get(port, "/alive").statusCode()).as("/alive on " + port).isEqualTo(200);
            long deadline = System.nanoTime() + READY.toNanos();
            while (get(port, "/ready").statusCode() != 200) {
                assertThat(System.nanoTime()).as("/ready on " + port).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    @Test
    @Order(3)
    void aJobSubmittedByAMemberSpreadsOverAllThreeBootstrappedWorkers() throws Exception {
        Path conf = dir.resolve("client.conf");
        Files.writeString(conf, "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 15s\n");
        // The submitting member joins through one node's address; the nodes themselves had no seed.
        client = ActorSystem.create(SpawnProtocol.create(), "epic", ClusterNode.config(conf, "127.0.0.1", 0,
                List.of(addresses.iterator().next()), List.of()));
        registry = StandardFunctions.registry(() -> {
            throw new IllegalStateException("the submitting member of this test calls no model itself");
        }, ConfigFactory.load(), new PastaRecorder());
        engine = ClusterNode.install(client, s -> StandardLanguage.compile(s, registry));
        ClusterNode.up(client).get(READY.toSeconds(), TimeUnit.SECONDS);
        long deadline = System.nanoTime() + READY.toNanos();
        while (ClusterNode.workersUp(client) != 3) {
            assertThat(System.nanoTime()).as("waiting for 3 workers").isLessThan(deadline);
            Thread.sleep(100);
        }
        ClusterEngine.ClusterRun run = engine.start(StandardLanguage.compile(new Source("job.epic",
                        "List.sum (List.map (fun i -> delay(200, i * 10)) (List.range(1, 31)))"), registry),
                RunOptions.defaults().withTimeout(Duration.ofSeconds(120)));
        RunResult r = run.result().toCompletableFuture().get(150, TimeUnit.SECONDS);
        assertThat(r.display()).isEqualTo("4650");
        List<NodeReport> reports = run.nodes().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Set<String> hosts = reports.stream().map(NodeReport::node).collect(Collectors.toCollection(TreeSet::new));
        assertThat(hosts).as("the workers that hosted the calls").isEqualTo(addresses);
        assertThat(reports).allSatisfy(n -> assertThat(n.subtrees()).as(n.node()).isPositive());
        assertThat(reports.stream().mapToLong(NodeReport::subtrees).sum()).isEqualTo(30);
    }

    /** The Up members {@code /cluster/members} lists on the node at {@code port}, once there are {@code n}. */
    private static Set<String> awaitUpMembers(int port, int n) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            HttpResponse<String> resp = get(port, "/cluster/members");
            Set<String> up = new TreeSet<>();
            if (resp.statusCode() == 200) {
                for (JsonNode m : JSON.readTree(resp.body()).get("members")) {
                    if (m.get("status").asText().equals("Up")) {
                        up.add(m.get("node").asText());
                    }
                }
            }
            if (up.size() >= n) {
                return up;
            }
            assertThat(System.nanoTime()).as("members Up on " + port + ": " + resp.body()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
