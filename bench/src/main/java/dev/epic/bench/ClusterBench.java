package dev.epic.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.epic.host.StandardFunctions;
import dev.epic.cluster.ClusterEngine;
import dev.epic.cluster.ClusterNode;
import dev.epic.cluster.ClusterSettings;
import dev.epic.cluster.NodeReport;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.pasta.decode.PastaRecorder;
import dev.epic.runtime.OpportunisticEngine;
import dev.epic.tools.ExternalRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * {@code epic bench cluster}: (1) a job of C independent calls to {@code Bench.slot}, a tool that serves 4
 * calls at a time in each process, run on 1, 2 and 3 worker-node JVMs (nodes are added to one cluster between
 * measurements; this JVM submits): throughput is bound by per-node capacity, so it should grow with the
 * nodes. (2) The cost of shipping pure work: C pure computations run in this JVM alone, on the cluster with
 * pure elements kept local (the default), and on the cluster with every element shipped ({@code fork = all}).
 * Each figure is the median of R runs after one warm-up, all in one run of the benchmark.
 */
public final class ClusterBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CALL_MS = 200;

    private final boolean quick;
    private final PrintWriter out;

    public ClusterBench(boolean quick, PrintWriter out) {
        this.quick = quick;
        this.out = out;
    }

    record Scale(int nodes, int calls, double medianMs, double throughput, List<Long> hostedPerNode) {}

    record Pure(String variant, double medianMs, long shipped) {}

    public void run(Path docs) throws Exception {
        int calls = quick ? 24 : 48;
        int repeats = quick ? 3 : 5;
        Path dir = Files.createTempDirectory("epic-bench-cluster");
        List<Process> nodes = new ArrayList<>();
        int seedPort = freePort();
        String seed = "pekko://epic@127.0.0.1:" + seedPort;
        Path conf = dir.resolve("node.conf");
        Files.writeString(conf, "pekko.cluster.split-brain-resolver.stable-after = 3s\n");
        ExternalRegistry registry = StandardFunctions.registry(() -> {
            throw new IllegalStateException("the cluster benchmark calls no model");
        }, ConfigFactory.load(), new PastaRecorder());
        ActorSystem<SpawnProtocol.Command> client = null;
        List<Scale> scales = new ArrayList<>();
        List<Pure> pure = new ArrayList<>();
        try {
            for (int n = 1; n <= 3; n++) {
                nodes.add(startNode(dir, n == 1 ? seedPort : freePort(), seed, conf, n));
                awaitUp(dir, n);
                if (client == null) {
                    client = ActorSystem.create(SpawnProtocol.create(), "epic",
                            ClusterNode.config(conf, "127.0.0.1", 0, List.of(seed), List.of()));
                }
                ClusterEngine engine = engine(client, registry);
                ClusterNode.up(client).get(120, TimeUnit.SECONDS);
                Program job = StandardLanguage.compile(new Source("slots.epic", "List.map (fun i -> Bench.slot(" + CALL_MS
                        + ", i)) (List.range(0, " + calls + "))"), registry);
                awaitPlacement(engine, job, n);
                double[] ms = new double[repeats];
                List<Long> hosted = List.of();
                for (int r = 0; r < repeats; r++) {
                    long t0 = System.nanoTime();
                    ClusterEngine.ClusterRun run = engine.start(job, RunOptions.defaults().withTimeout(Duration.ofMinutes(5)));
                    check(run.result().toCompletableFuture().join());
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                    hosted = run.nodes().toCompletableFuture().join().stream().map(NodeReport::subtrees).toList();
                }
                double median = median(ms);
                scales.add(new Scale(n, calls, median, calls / (median / 1000), hosted));
                out.printf("%d node(s): %d calls in %.0f ms (median of %d), hosted %s%n", n, calls, median, repeats, hosted);
                out.flush();
            }
            pure = pure(client, registry, repeats);
        } finally {
            if (client != null) {
                client.terminate();
                client.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
            for (Process p : nodes) {
                p.destroy();
            }
            for (Process p : nodes) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        report(docs, calls, repeats, scales, pure);
    }

    private static ClusterEngine engine(ActorSystem<SpawnProtocol.Command> client, ExternalRegistry registry) {
        synchronized (ClusterBench.class) {
            if (installed == null) {
                installed = ClusterNode.install(client, s -> StandardLanguage.compile(s, registry));
            }
            return installed;
        }
    }

    private static ClusterEngine installed;

    /** Runs the job until every node is in the placement's view (the receptionist lists a new node shortly after it is up). */
    private void awaitPlacement(ClusterEngine engine, Program job, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            ClusterEngine.ClusterRun run = engine.start(job, RunOptions.defaults().withTimeout(Duration.ofMinutes(5)));
            check(run.result().toCompletableFuture().join());
            if (run.nodes().toCompletableFuture().join().size() == n) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not reach all " + n + " nodes");
            }
            Thread.sleep(200);
        }
    }

    private List<Pure> pure(ActorSystem<SpawnProtocol.Command> client, ExternalRegistry registry, int repeats) {
        int elements = quick ? 12 : 24;
        int depth = quick ? 100_000 : 200_000;
        Program p = StandardLanguage.compile(new Source("pure.epic", "let rec count = fun k -> if k = 0 then 0 else 1 + count (k - 1) in\n"
                + "List.sum (List.map (fun i -> count " + depth + " + i) (List.range(0, " + elements + ")))"), registry);
        ClusterEngine external = installed.withSettings(new ClusterSettings(false, 10_000, Duration.ofSeconds(60), 16L << 20));
        ClusterEngine all = installed.withSettings(new ClusterSettings(true, 10_000, Duration.ofSeconds(60), 16L << 20));
        OpportunisticEngine local = new OpportunisticEngine(client);
        List<Pure> out = new ArrayList<>();
        out.add(new Pure("this JVM only (opportunistic engine)", time(repeats, () -> {
            check(local.run(p, RunOptions.defaults()));
            return 0L;
        }), 0));
        long[] shipped = new long[1];
        out.add(new Pure("cluster, pure elements kept local (fork = external)", time(repeats, () -> {
            ClusterEngine.ClusterRun r = external.start(p, RunOptions.defaults());
            check(r.result().toCompletableFuture().join());
            return r.nodes().toCompletableFuture().join().stream().mapToLong(NodeReport::subtrees).sum();
        }), 0));
        out.add(new Pure("cluster, every element shipped to 3 nodes (fork = all)", time(repeats, () -> {
            ClusterEngine.ClusterRun r = all.start(p, RunOptions.defaults());
            check(r.result().toCompletableFuture().join());
            shipped[0] = r.nodes().toCompletableFuture().join().stream().mapToLong(NodeReport::subtrees).sum();
            return shipped[0];
        }), elements));
        for (Pure x : out) {
            this.out.printf("pure work, %s: %.0f ms%n", x.variant(), x.medianMs());
        }
        return out;
    }

    private interface Run {
        long go();
    }

    private static double time(int repeats, Run run) {
        run.go();
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            run.go();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return median(ms);
    }

    private static void check(RunResult r) {
        if (!r.ok()) {
            throw new IllegalStateException("benchmark job failed: " + r.display());
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process startNode(Path dir, int port, String seed, Path conf, int n) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "dev.epic.cli.Main", "node", "--port", String.valueOf(port),
                "--seeds", seed, "--config", conf.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("node" + n + ".log").toFile()).start();
    }

    private static void awaitUp(Path dir, int n) throws Exception {
        Path log = dir.resolve("node" + n + ".log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(log) || !Files.readString(log).contains("epic node up at")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + n + " did not come up:\n" + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(100);
        }
    }

    private void report(Path docs, int calls, int repeats, List<Scale> scales, List<Pure> pure) throws IOException {
        double base = scales.get(0).throughput();
        StringBuilder md = new StringBuilder();
        md.append("## Cluster: throughput over nodes and the cost of shipping pure work\n\n");
        md.append("Reproduce: `./epic bench cluster").append(quick ? " --quick" : "").append("` (writes this section, ")
                .append("`docs/bench/cluster.json` and `docs/bench/cluster.svg`). Worker nodes are separate JVMs on loopback ")
                .append("on this machine (2 cores shared by every process), added one at a time to one cluster; the ")
                .append("benchmark's JVM joins as the submitting member. Median of ").append(repeats)
                .append(" runs after a warm-up.\n\n");
        md.append("**Capacity-bound calls.** A job of ").append(calls).append(" independent `Bench.slot(")
                .append(CALL_MS).append(", i)` calls inside `List.map`; the tool serves 4 calls at a time in each ")
                .append("process, so one node needs ").append(calls / 4).append(" rounds of ").append(CALL_MS)
                .append(" ms.\n\n| worker nodes | wall time (ms) | calls/s | speed-up vs 1 node | calls hosted per node |\n|---|---|---|---|---|\n");
        for (Scale s : scales) {
            md.append(String.format("| %d | %.0f | %.1f | %.2fx | %s |%n", s.nodes(), s.medianMs(), s.throughput(),
                    s.throughput() / base, s.hostedPerNode()));
        }
        md.append("\n**Pure work.** ").append(pure.isEmpty() ? "" : "The same pure job (each element counts down a deep recursion) three ways, on the 3-node cluster:\n\n");
        md.append("| variant | wall time (ms) | elements shipped |\n|---|---|---|\n");
        for (Pure p : pure) {
            md.append(String.format("| %s | %.0f | %d |%n", p.variant(), p.medianMs(), p.shipped()));
        }
        md.append("\nPure elements stay where their inputs are by default; shipping them costs the round trip and the ")
                .append("encoding of their closures, and gains nothing here, where all JVMs share the same two cores.\n");
        ObjectNode json = JSON.createObjectNode();
        json.put("calls", calls).put("call_ms", CALL_MS).put("slots_per_node", 4).put("repeats", repeats).put("quick", quick);
        ArrayNode sa = json.putArray("scaling");
        for (Scale s : scales) {
            ObjectNode o = sa.addObject();
            o.put("nodes", s.nodes()).put("median_ms", s.medianMs()).put("calls_per_s", s.throughput())
                    .put("speedup", s.throughput() / base);
            ArrayNode h = o.putArray("hosted_per_node");
            s.hostedPerNode().forEach(h::add);
        }
        ArrayNode pa = json.putArray("pure");
        for (Pure p : pure) {
            pa.addObject().put("variant", p.variant()).put("median_ms", p.medianMs()).put("shipped", p.shipped());
        }
        List<String> cats = new ArrayList<>();
        double[][] values = new double[scales.size()][1];
        for (int i = 0; i < scales.size(); i++) {
            cats.add(scales.get(i).nodes() + " worker node" + (scales.get(i).nodes() == 1 ? "" : "s"));
            values[i][0] = scales.get(i).throughput();
        }
        String svg = BenchReport.barChart("Capacity-bound calls: throughput by cluster size", "calls/s", cats,
                List.of("Bench.slot calls per second (4 per node at a time)"), values);
        BenchReport.write(docs, "cluster", md.toString(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n", svg);
    }
}
