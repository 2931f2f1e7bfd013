package dev.epic.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.epic.host.StandardFunctions;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.SequentialEngine;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.CompileException;
import dev.epic.lang.syntax.Source;
import dev.epic.pasta.decode.PastaRecorder;
import dev.epic.tools.ExternalRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
 * A real cluster on loopback: three worker nodes and a simulated model engine, each its own JVM, and this JVM
 * as the member that submits jobs. The tests share the cluster (starting JVMs is the slow part) and run in
 * order, the one that kills a node last but one and the one that restarts it last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240)
class ClusterIT {
    private static final Duration READY = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static NodeProcess sim;
    static String simUrl;
    static final List<NodeProcess> nodes = new ArrayList<>();
    /** Each started node's address, as it printed it when up. */
    static final Map<NodeProcess, String> addresses = new HashMap<>();
    static String seed;
    static Path nodeConfig;
    static ActorSystem<SpawnProtocol.Command> client;
    static ClusterEngine engine;
    static ExternalRegistry registry;

    @BeforeAll
    static void startCluster() throws Exception {
        nodeConfig = dir.resolve("node.conf");
        // Five JVMs share a loaded machine: a healthy node may pause for seconds, so the failure detector is
        // lenient. A test that kills a node downs it itself (Cluster.manager Down) and does not wait on the
        // split-brain resolver.
        Files.writeString(nodeConfig, String.join("\n",
                "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 15s",
                "pekko.cluster.split-brain-resolver.stable-after = 20s",
                ""));
        // Prompts starting "long" get a long answer (about 5 s of decoding at this time scale): calls that are
        // surely still in flight when a node is killed.
        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, "[{\"pattern\": \"^long\", \"answer\": \"" + "word ".repeat(1000).trim() + "\"}]");
        sim = NodeProcess.start("sim", dir, "sim-model", "--port", "0", "--time-scale", "0.2", "--rules", rules.toString());
        Matcher url = Pattern.compile("listening on (http://\\S+)").matcher(sim.awaitLine("listening on", READY));
        assertThat(url.find()).isTrue();
        simUrl = url.group(1);
        seed = "pekko://epic@127.0.0.1:" + NodeProcess.freePort();
        for (int i = 0; i < 3; i++) {
            nodes.add(startNode(i));
        }
        for (NodeProcess n : nodes) {
            awaitUp(n);
        }
        Path clientConfig = dir.resolve("client.conf");
        Files.writeString(clientConfig, Files.readString(nodeConfig) + "epic.cluster.fork = all\n");
        client = ActorSystem.create(SpawnProtocol.create(), "epic",
                ClusterNode.config(clientConfig, "127.0.0.1", 0, List.of(seed), List.of()));
        registry = StandardFunctions.registry(() -> {
            throw new IllegalStateException("the submitting member of these tests calls no model itself");
        }, ConfigFactory.load(), new PastaRecorder());
        engine = ClusterNode.install(client, s -> StandardLanguage.compile(s, registry));
        ClusterNode.up(client).get(READY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        awaitWorkers(3);
    }

    /** Node {@code i}: the seed (node 0) on the seed's port, the others on a port they pick. */
    static NodeProcess startNode(int i) throws IOException {
        String port = i == 0 ? seed.substring(seed.lastIndexOf(':') + 1) : "0";
        return NodeProcess.start("node" + i + "-" + System.nanoTime(), dir, "node", "--port", port,
                "--seeds", seed, "--config", nodeConfig.toString(), "--model-url", simUrl);
    }

    static void awaitUp(NodeProcess n) throws InterruptedException {
        Matcher m = Pattern.compile("epic node up at (\\S+)").matcher(n.awaitLine("epic node up at", READY));
        assertThat(m.find()).isTrue();
        addresses.put(n, m.group(1));
    }

    /** Waits until {@code n} workers are up and their node supervisors are listed by the receptionist. */
    static void awaitWorkers(long n) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (ClusterNode.workersUp(client) != n) {
            assertThat(System.nanoTime()).as("waiting for " + n + " workers").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** kill -9 of {@code n}, and down it at once rather than wait for the failure detector and resolver. */
    static void killAndDown(NodeProcess n) throws InterruptedException {
        n.kill();
        org.apache.pekko.cluster.typed.Cluster.get(client).manager().tell(
                org.apache.pekko.cluster.typed.Down.apply(org.apache.pekko.actor.AddressFromURIString.parse(addresses.get(n))));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (client != null) {
            client.terminate();
            client.getWhenTerminated().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        for (NodeProcess n : nodes) {
            n.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    static Program compile(String name, String text) {
        return StandardLanguage.compile(new Source(name, text), registry);
    }

    static ClusterEngine.ClusterRun run(String text, RunOptions options) {
        return engine.start(compile("job.epic", text), options);
    }

    @Test
    @Order(1)
    void spreadsThirtyIndependentCallsOverAllThreeNodes() {
        ClusterEngine.ClusterRun run = run("List.sum (List.map (fun i -> delay(200, i * 10)) (List.range(1, 31)))",
                RunOptions.defaults().withTimeout(Duration.ofSeconds(120)));
        RunResult r = run.result().toCompletableFuture().join();
        assertThat(r.display()).isEqualTo("4650");
        List<NodeReport> reports = run.nodes().toCompletableFuture().join();
        assertThat(reports).as("every worker hosted some of the calls").hasSize(3)
                .allSatisfy(n -> assertThat(n.subtrees()).isPositive());
        assertThat(reports.stream().mapToLong(NodeReport::subtrees).sum()).isEqualTo(30);
        assertThat(reports.stream().mapToLong(NodeReport::calls).sum()).as("calls dispatched on the nodes").isEqualTo(30);
        assertThat(r.stats().externalCalls()).isEqualTo(30);
    }

    @Test
    @Order(2)
    void valuesLargerThanOneFrameCrossNodesBothWays() {
        // A 512 KiB string in the shipped closure's environment and in each value sent back: over Artery's 256 KiB frame.
        String program = "let rec grow = fun s n -> if n = 0 then s else grow (s ^ s) (n - 1) in\n"
                + "let big = grow \"abcdefgh\" 16 in\n"
                + "let back = List.map (fun i -> delay(1, big ^ to_string i)) [1, 2, 3] in\n"
                + "List.map String.length back";
        ClusterEngine.ClusterRun run = run(program, RunOptions.defaults().withTimeout(Duration.ofSeconds(120)));
        assertThat(run.result().toCompletableFuture().join().display()).isEqualTo("[524289, 524289, 524289]");
        assertThat(run.nodes().toCompletableFuture().join().stream().mapToLong(NodeReport::subtrees).sum()).isEqualTo(3);
    }

    @Test
    @Order(2)
    void aPromptLargerThanOneFrameReachesTheSharedBatcherFromEveryNode() throws Exception {
        // 512 KiB prompts: over Artery's 256 KiB frame on their way from each node to the batcher's node.
        String program = "let rec grow = fun s n -> if n = 0 then s else grow (s ^ s) (n - 1) in\n"
                + "let big = grow \"abcdefgh\" 16 in\n"
                + "List.map (fun i -> String.length (llm_with({max_tokens = 3}, \"huge \" ^ to_string i ^ big)) > 0) [1, 2, 3]";
        ClusterEngine.ClusterRun run = run(program, RunOptions.defaults().withTimeout(Duration.ofSeconds(90)));
        RunResult r = run.result().toCompletableFuture().join();
        assertThat(r.display()).isEqualTo("[true, true, true]");
        assertThat(run.nodes().toCompletableFuture().join().stream().filter(n -> n.calls() > 0).count())
                .as("nodes whose large calls went to the one batcher").isGreaterThanOrEqualTo(2);
        assertThat(finishedPrompts("huge ")).hasSize(3).allSatisfy(t -> assertThat(t.length()).isGreaterThan(512 * 1024));
    }

    @Test
    @Order(3)
    void cliRunsAJobOnTheClusterWithTheLocalOutputContract() throws IOException {
        Path program = dir.resolve("calls.epic");
        Files.writeString(program, "List.map (fun i -> delay(50, i + 1)) (List.range(0, 12))\n");
        Path stats = dir.resolve("stats.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = dev.epic.cli.Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "run", "--cluster", seed,
                "--config", nodeConfig.toString(), "--stats", stats.toString(),
                program.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().trim()).isEqualTo("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]");
        JsonNode s = JSON.readTree(stats.toFile());
        assertThat(s.get("engine").asText()).isEqualTo("cluster");
        assertThat(s.get("external_calls").asInt()).isEqualTo(12);
        long hosted = 0;
        for (JsonNode n : s.get("nodes")) {
            hosted += n.get("subtrees").asLong();
        }
        assertThat(hosted).isEqualTo(12);
    }

    @Test
    @Order(4)
    void everyGoldenProgramGivesTheSequentialResultOnTheCluster() throws IOException {
        Path root = Path.of("..", "evaluator-core", "src", "test", "resources", "programs");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".epic")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(100);
        Pattern steps = Pattern.compile("\\(\\* max-steps: (\\d+) \\*\\)");
        Pattern timeout = Pattern.compile("\\(\\* timeout-ms: (\\d+) \\*\\)");
        List<String> mismatches = new ArrayList<>();
        long shipped = 0;
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            String name = root.relativize(f).toString();
            Program p;
            try {
                p = compile(name, text);
            } catch (CompileException e) {
                continue;
            }
            Matcher m = steps.matcher(text);
            Matcher t = timeout.matcher(text);
            RunOptions options = RunOptions.defaults().withMaxSteps(m.find() ? Long.parseLong(m.group(1)) : 50_000_000L)
                    .withTimeout(t.find() ? Duration.ofMillis(Long.parseLong(t.group(1))) : Duration.ofSeconds(60));
            String expected = new SequentialEngine().run(p, options).display();
            ClusterEngine.ClusterRun run = engine.start(p, options);
            String actual = run.result().toCompletableFuture().join().display();
            shipped += run.nodes().toCompletableFuture().join().stream().mapToLong(NodeReport::subtrees).sum();
            if (!actual.equals(expected)) {
                mismatches.add(name + ": sequential " + expected + " but cluster " + actual);
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(shipped).as("subtrees the golden programs shipped to workers").isGreaterThan(100);
    }

    @Test
    @Order(5)
    void aKilledWorkerLosesNoJobAndNoCompletedCallIsIssuedTwice() throws Exception {
        // Each element makes a short call, then a long one that depends on it: when every short call has
        // finished, the long ones are in flight, spread over the three nodes.
        String program = "List.map (fun i -> let a = llm_with({max_tokens = 4}, \"short \" ^ to_string i) in\n"
                + "  String.length (llm_with({max_tokens = 2000}, \"long \" ^ to_string i ^ \" after \" ^ a))) (List.range(0, 12))";
        Program p = compile("kill.epic", program);
        ClusterEngine.ClusterRun run = engine.start(p, RunOptions.defaults().withTimeout(Duration.ofSeconds(180)));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        // Wait until the job's record holds every short call (each node reports a call as it completes).
        while (run.completedCalls().stream().filter(k -> k.contains("\"short ")).count() < 12) {
            assertThat(System.nanoTime()).as("short calls recorded: " + run.completedCalls()).isLessThan(deadline);
            Thread.sleep(50);
        }
        // What the engine had finished just before the kill: none of it may be issued again.
        Set<String> finishedBefore = finishedPrompts("short ");
        finishedBefore.addAll(finishedPrompts("long "));
        Set<String> shortDone = finishedPrompts("short ");
        assertThat(shortDone).hasSize(12);
        assertThat(finishedPrompts("long ")).as("long calls still in flight").hasSizeLessThan(12);
        NodeProcess victim = nodes.get(2);
        killAndDown(victim);
        RunResult r = run.result().toCompletableFuture().get(150, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.ok()).as(r.display()).isTrue();
        List<NodeReport> reports = run.nodes().toCompletableFuture().join();
        assertThat(reports.stream().mapToLong(NodeReport::resent).sum()).as("subtrees re-sent after the loss").isPositive();
        Map<String, Integer> counts = promptCounts();
        for (String prompt : finishedBefore) {
            assertThat(counts.get(prompt)).as("times the completed call '" + prompt + "' reached the engine").isEqualTo(1);
        }
        awaitWorkers(2);
    }

    @Test
    @Order(6)
    void aNodeThatRejoinsTakesWorkAgain() throws Exception {
        NodeProcess again = startNode(2);
        nodes.add(again);
        awaitUp(again);
        awaitWorkers(3);
        String address = addresses.get(again);
        // The receptionist may list the new node a moment after it is up: run until it is used (bounded).
        long deadline = System.nanoTime() + READY.toNanos();
        while (true) {
            ClusterEngine.ClusterRun run = run("List.map (fun i -> delay(20, i)) (List.range(0, 30))",
                    RunOptions.defaults().withTimeout(Duration.ofSeconds(60)));
            assertThat(run.result().toCompletableFuture().join().ok()).isTrue();
            if (run.nodes().toCompletableFuture().join().stream().anyMatch(n -> n.node().equals(address) && n.subtrees() > 0)) {
                return;
            }
            assertThat(System.nanoTime()).as("the rejoined node hosts subtrees").isLessThan(deadline);
        }
    }

    @Test
    @Order(7)
    void theBatcherComesBackElsewhereWhenItsNodeIsKilledAndTheJobCompletes() throws Exception {
        org.apache.pekko.actor.typed.ActorRef<dev.epic.cluster.models.BatcherHost.Command> batcher =
                dev.epic.cluster.models.ClusterBatchers.proxy(client, "sim");
        dev.epic.cluster.models.BatcherHost.HostStats before = hostStats(batcher);
        NodeProcess host = nodes.stream().filter(NodeProcess::alive).filter(n -> before.node().equals(addresses.get(n)))
                .findFirst().orElseThrow();
        ClusterEngine.ClusterRun run = run("List.map (fun i -> String.length (llm_with({max_tokens = 2000}, \"long batch \" ^ to_string i))) (List.range(0, 9))",
                RunOptions.defaults().withTimeout(Duration.ofSeconds(180)));
        // Kill the batcher's node once it holds all nine calls (they are in flight there: each answer takes seconds).
        // They come from the subtrees on every worker: one batcher takes the calls of the whole cluster.
        long deadline = System.nanoTime() + READY.toNanos();
        while (hostStats(batcher).stats().calls() < before.stats().calls() + 9) {
            assertThat(System.nanoTime()).as("calls reaching the batcher").isLessThan(deadline);
            Thread.sleep(50);
        }
        killAndDown(host);
        RunResult r = run.result().toCompletableFuture().get(170, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.ok()).as(r.display()).isTrue();
        assertThat(r.display()).isEqualTo("[4999, 4999, 4999, 4999, 4999, 4999, 4999, 4999, 4999]");
        assertThat(run.nodes().toCompletableFuture().join().stream().filter(n -> n.calls() > 0).count())
                .as("nodes whose calls went through the one batcher").isGreaterThanOrEqualTo(2);
        dev.epic.cluster.models.BatcherHost.HostStats after = hostStats(batcher);
        assertThat(after.node()).as("the batcher's new node").isNotEqualTo(before.node());
        assertThat(after.stats().calls()).as("calls the new batcher took").isGreaterThanOrEqualTo(1);
    }

    private static dev.epic.cluster.models.BatcherHost.HostStats hostStats(
            org.apache.pekko.actor.typed.ActorRef<dev.epic.cluster.models.BatcherHost.Command> batcher) {
        return org.apache.pekko.actor.typed.javadsl.AskPattern.<dev.epic.cluster.models.BatcherHost.Command,
                dev.epic.cluster.models.BatcherHost.HostStats>ask(batcher, dev.epic.cluster.models.BatcherHost.GetHostStats::new,
                Duration.ofSeconds(60), client.scheduler()).toCompletableFuture().join();
    }

    private static List<JsonNode> simLog() throws IOException, InterruptedException {
        HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simUrl + "/sim/log"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(resp.body()).forEach(out::add);
        return out;
    }

    private static Set<String> finishedPrompts(String prefix) throws IOException, InterruptedException {
        Set<String> out = new java.util.TreeSet<>();
        for (JsonNode e : simLog()) {
            for (JsonNode t : e.get("prompt_texts")) {
                if (t.asText().startsWith(prefix)) {
                    out.add(t.asText());
                }
            }
        }
        return out;
    }

    private static Map<String, Integer> promptCounts() throws IOException, InterruptedException {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode e : simLog()) {
            for (JsonNode t : e.get("prompt_texts")) {
                counts.merge(t.asText(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
