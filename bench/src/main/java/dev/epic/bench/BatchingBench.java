package dev.epic.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.model.GenParams;
import dev.epic.model.ModelCall;
import dev.epic.model.ModelService;
import dev.epic.model.client.OpenAiClient;
import dev.epic.model.endpoint.Capabilities;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.endpoint.ModelSettings;
import dev.epic.model.endpoint.RetryPolicy;
import dev.epic.model.sim.SimEngine;
import dev.epic.model.sim.SimServer;
import dev.epic.model.sim.SimSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * {@code epic bench batching}: model calls from C concurrent callers (each making calls one after another)
 * through an endpoint with the batcher (calls in a 5 ms window share a request of up to 64 prompts; at most 16
 * requests in flight) and without it (every call its own request, no cap), against the simulated engine in
 * static and in continuous batching mode. Both variants run side by side in one JVM against the same engine.
 */
public final class BatchingBench {
    private static final int MAX_TOKENS = 16;
    private static final int WITH_IN_FLIGHT = 16;

    record Cell(String mode, int concurrency, boolean batcher, int calls, double seconds, double p50, double p99,
                int requests, int maxConcurrentRequests) {
        double throughput() {
            return calls / seconds;
        }
    }

    private final boolean quick;
    private final PrintWriter out;
    private int endpoints;

    public BatchingBench(boolean quick, PrintWriter out) {
        this.quick = quick;
        this.out = out;
    }

    public void run(Path docs) throws Exception {
        double timeScale = 0.1;
        List<Cell> cells = new ArrayList<>();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "epic-bench");
        try {
            for (SimSettings.Mode mode : SimSettings.Mode.values()) {
                SimSettings s = new SimSettings("epic-sim-7b", 25, 0.6, 0.05, 64, mode, timeScale, 64, Optional.empty());
                try (SimServer sim = SimServer.start(system, new SimEngine(s, List.of()), "127.0.0.1", 0)) {
                    for (int c : quick ? new int[] {1, 8, 64} : new int[] {1, 8, 64, 256}) {
                        cells.add(cell(system, sim, mode, c, false));
                        cells.add(cell(system, sim, mode, c, true));
                    }
                }
            }
        } finally {
            system.terminate();
        }
        report(docs, cells, timeScale);
    }

    private Cell cell(ActorSystem<Void> system, SimServer sim, SimSettings.Mode mode, int concurrency, boolean batcher) throws Exception {
        EndpointSettings e = new EndpointSettings("bench-" + (++endpoints), sim.baseUrl(), "epic-sim-7b", "", Capabilities.VLLM,
                batcher ? Duration.ofMillis(5) : Duration.ZERO, batcher ? 64 : 1, batcher ? WITH_IN_FLIGHT : 4096,
                Duration.ofSeconds(120), new RetryPolicy(1, Duration.ofMillis(100), Duration.ofSeconds(1), 0.2));
        ModelService service = new ModelService(system, new ModelSettings(e.name(), Map.of(e.name(), e)), x -> new OpenAiClient(system, x));
        int rounds = Math.max(1, (quick ? 32 : 64) / concurrency);
        sim.engine().log().clear();
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(worker(service, w, rounds, latencies).toCompletableFuture());
        }
        CompletableFuture.allOf(workers.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] l = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Cell cell = new Cell(mode.name().toLowerCase(), concurrency, batcher, l.length, seconds, pct(l, 50), pct(l, 99),
                sim.engine().log().entries().size(), sim.engine().log().maxConcurrentRequests());
        out.printf("%-10s C=%-4d %-16s %5d calls %8.2f s  %8.1f calls/s  p50 %7.1f ms  p99 %7.1f ms  %4d requests, at most %d at once%n",
                cell.mode(), concurrency, batcher ? "with batcher" : "without batcher", cell.calls(), seconds, cell.throughput(),
                cell.p50(), cell.p99(), cell.requests(), cell.maxConcurrentRequests());
        out.flush();
        return cell;
    }

    private static CompletionStage<Void> worker(ModelService service, int w, int rounds, List<Double> latencies) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < rounds; i++) {
            String prompt = "Caller " + w + " asks question " + i + ".";
            chain = chain.thenCompose(v -> {
                long start = System.nanoTime();
                return service.call(null, new ModelCall(prompt, new GenParams(MAX_TOKENS, null, null, null, 1, null, null), null))
                        .thenAccept(r -> latencies.add((System.nanoTime() - start) / 1e6));
            });
        }
        return chain;
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static Cell find(List<Cell> cells, String mode, int c, boolean batcher) {
        return cells.stream().filter(x -> x.mode().equals(mode) && x.concurrency() == c && x.batcher() == batcher).findFirst().orElse(null);
    }

    private void report(Path docs, List<Cell> cells, double timeScale) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("## Batching: throughput and latency with and without the batcher (`epic bench batching")
                .append(quick ? " --quick" : "").append("`)\n\n");
        md.append("Reproduce: `./epic bench batching`. C callers each make calls one after another (").append(MAX_TOKENS)
                .append(" tokens each) to the simulated engine over loopback HTTP, in static and in continuous batching mode ")
                .append("(decode step 25 ms + 0.6 ms per extra sequence, at most 64 sequences per step, time scale ").append(timeScale)
                .append("). *With batcher*: calls within 5 ms share one request of up to 64 prompts, at most ").append(WITH_IN_FLIGHT)
                .append(" requests in flight. *Without*: every call is its own request, no cap. Both run side by side in one JVM ")
                .append("against the same engine; \"requests at once\" is the most requests the engine's log shows overlapping. ")
                .append("Each cell is one run: on this shared 2-core machine, differences under about 10% are noise.\n\n");
        md.append("| engine mode | C | batcher | calls | calls/s | p50 ms | p99 ms | requests | requests at once | speedup with batcher |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Cell c : cells) {
            Cell without = find(cells, c.mode(), c.concurrency(), false);
            String speedup = c.batcher() && without != null ? String.format("%.2fx", c.throughput() / without.throughput()) : "";
            md.append(String.format("| %s | %d | %s | %d | %.1f | %.1f | %.1f | %d | %d | %s |%n", c.mode(), c.concurrency(),
                    c.batcher() ? "with" : "without", c.calls(), c.throughput(), c.p50(), c.p99(), c.requests(), c.maxConcurrentRequests(), speedup));
        }
        Cell sw = find(cells, "static", 64, true);
        Cell so = find(cells, "static", 64, false);
        double staticGain = sw.throughput() / so.throughput();
        double worstContinuous = Double.MAX_VALUE;
        boolean capHeld = true;
        for (Cell c : cells) {
            if (c.batcher()) {
                capHeld &= c.maxConcurrentRequests() <= WITH_IN_FLIGHT;
                if (c.mode().equals("continuous")) {
                    worstContinuous = Math.min(worstContinuous, c.throughput() / find(cells, "continuous", c.concurrency(), false).throughput());
                }
            }
        }
        md.append(String.format("%nTargets: static engine, 64 concurrent calls: **%.1fx** the throughput with the batcher (target ≥ 8x: %s). ",
                staticGain, staticGain >= 8 ? "**met**" : "**not met**"));
        md.append(String.format("Continuous engine: the batcher's worst ratio is %.2fx (target: no loss: %s). ",
                worstContinuous, worstContinuous >= 0.9 ? "**met**" : "**not met**"));
        md.append("In-flight cap of ").append(WITH_IN_FLIGHT).append(" held in every run with the batcher: ")
                .append(capHeld ? "**yes**" : "**no**").append(".\n\n");
        md.append("![throughput](bench/batching.svg)\n");

        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("time_scale", timeScale);
        ArrayNode arr = root.putArray("cells");
        for (Cell c : cells) {
            ObjectNode o = arr.addObject();
            o.put("mode", c.mode());
            o.put("concurrency", c.concurrency());
            o.put("batcher", c.batcher());
            o.put("calls", c.calls());
            o.put("seconds", c.seconds());
            o.put("calls_per_second", c.throughput());
            o.put("p50_ms", c.p50());
            o.put("p99_ms", c.p99());
            o.put("requests", c.requests());
            o.put("max_concurrent_requests", c.maxConcurrentRequests());
        }
        List<String> cats = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (Cell c : cells) {
            if (!c.batcher()) {
                cats.add(c.mode() + ", C=" + c.concurrency());
                rows.add(new double[] {c.throughput(), find(cells, c.mode(), c.concurrency(), true).throughput()});
            }
        }
        String svg = BenchReport.barChart("Calls per second (higher is better)", "/s", cats, List.of("without batcher", "with batcher"),
                rows.toArray(new double[0][]));
        BenchReport.write(docs, "batching", md.toString(), json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n", svg);
        out.println("wrote " + docs.resolve("benchmarks.md") + ", " + docs.resolve("bench/batching.json") + ", " + docs.resolve("bench/batching.svg"));
        out.flush();
    }
}
