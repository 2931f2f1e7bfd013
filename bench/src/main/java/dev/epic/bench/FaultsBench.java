package dev.epic.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.epic.bench.cases.CaseStudies;
import dev.epic.engine.SequentialEngine;
import dev.epic.model.Models;
import dev.epic.model.batch.BatcherStats;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.endpoint.ModelSettings;
import dev.epic.model.endpoint.RetryPolicy;
import dev.epic.model.sim.FaultMix;
import dev.epic.model.sim.SimSettings;
import dev.epic.runtime.OpportunisticEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * {@code epic bench faults}: every case study on the opportunistic engine against a simulated engine that fails
 * requests at a rate ({@code 5xx=0.05,timeout=0.02}, seeded), next to the same run without faults: each job must
 * give the fault-free answer; the table reports the faults drawn, the retries, the time they cost, and whether any
 * request whose answer had arrived was decoded again (the engine's log of decoded requests, less those whose answer
 * was held back past the call timeout, against the requests the client needed).
 */
public final class FaultsBench {
    static final String MIX = "5xx=0.05,timeout=0.02";

    private final boolean quick;
    private final PrintWriter out;

    public FaultsBench(boolean quick, PrintWriter out) {
        this.quick = quick;
        this.out = out;
    }

    record Row(String name, String answer, boolean same, double cleanMs, double faultyMs, long calls, long requests,
               long retries, long failedCalls, long serverErrors, long timeouts, long decoded, long paidTwice) {}

    public void run(Path docs, Path examples) throws Exception {
        double timeScale = quick ? 0.1 : 0.25;
        int runs = quick ? 5 : 20;
        // A held-back answer waits past the call timeout, which is short here so that a timeout costs seconds, not minutes.
        Duration callTimeout = Duration.ofSeconds(quick ? 3 : 5);
        List<Row> rows = new ArrayList<>();
        {
            ModelSettings base = ModelSettings.fromConfig(ConfigFactory.load());
            EndpointSettings endpoint = base.defaultSettings();
            endpoint = endpoint.withTimeout(callTimeout, new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(2), 0.2))
                    .withLimits(Duration.ofNanos(Math.round(endpoint.batchWindow().toNanos() * timeScale)), endpoint.maxBatch(),
                            endpoint.maxInFlight());
            ModelSettings settings = base.withDefault(endpoint);
            // The case studies' prompts are answered by the case-study behaviours, which configuration leaves off.
            SimSettings sim = SimSettings.fromConfig(ConfigFactory.load()).withTimeScale(timeScale).withTasks(SimSettings.ALL_TASKS);
            int index = 0;
            for (CaseStudies.Case c : CaseStudies.cases(examples)) {
                // A seed of its own per case: the faults of one case are not the first draws of every other's.
                FaultMix mix = FaultMix.parse(MIX, 20261202L + index++, callTimeout.multipliedBy(3));
                CaseStudies.Run clean;
                // A system of its own for each run: the endpoints' actors of one run are gone before the next starts.
                ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "epic-bench-faults");
                try (Models models = Models.start(system, settings, sim, List.of())) {
                    OpportunisticEngine opp = new OpportunisticEngine(system);
                    clean = CaseStudies.run(c, CaseStudies.Way.OPPORTUNISTIC, models.service(), new SequentialEngine(), opp);
                } finally {
                    terminate(system);
                }
                system = ActorSystem.create(SpawnProtocol.create(), "epic-bench-faults");
                try (Models models = Models.start(system, settings, sim.withFaults(mix), List.of())) {
                    OpportunisticEngine opp = new OpportunisticEngine(system);
                    // Several runs against one flaky engine: enough requests for the rates to show.
                    CaseStudies.Run faulty = null;
                    boolean same = true;
                    double faultyMs = 0;
                    for (int r = 0; r < runs; r++) {
                        faulty = CaseStudies.run(c, CaseStudies.Way.OPPORTUNISTIC, models.service(), new SequentialEngine(), opp);
                        same &= faulty.answer().equals(clean.answer());
                        faultyMs += faulty.wallMs() / runs;
                    }
                    BatcherStats st = models.service().stats(endpoint.name()).toCompletableFuture().get(30, TimeUnit.SECONDS);
                    Map<FaultMix.Kind, Long> drawn = models.sim().faults().drawn();
                    long serverErrors = drawn.getOrDefault(FaultMix.Kind.SERVER_ERROR, 0L);
                    long timeouts = drawn.getOrDefault(FaultMix.Kind.TIMEOUT, 0L);
                    long decoded = models.sim().engine().log().entries().size();
                    // Requests the client needed once each: all it sent, less the re-sends. Each one decoded more
                    // than once beyond the held-back answers would be an answer paid twice.
                    long needed = st.requests() - st.retries();
                    long paidTwice = Math.max(0, decoded - timeouts - needed);
                    Row row = new Row(c.name(), faulty.answer(), same, clean.wallMs(),
                            faultyMs, faulty.calls() * runs, st.requests(), st.retries(), st.failedCalls(), serverErrors,
                            timeouts, decoded, paidTwice);
                    rows.add(row);
                    out.printf("%-22s same answer %-5s  %4d calls  %4d requests  %3d retries  %3d 5xx  %3d timeouts  "
                                    + "failed calls %d  paid twice %d  %7.0f ms -> %7.0f ms%n", row.name(), row.same(), row.calls(),
                            row.requests(), row.retries(), row.serverErrors(), row.timeouts(), row.failedCalls(), row.paidTwice(),
                            row.cleanMs(), row.faultyMs());
                    out.flush();
                } finally {
                    terminate(system);
                }
            }
        }
        report(docs, rows, timeScale, callTimeout);
    }

    private static void terminate(ActorSystem<?> system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void report(Path docs, List<Row> rows, double timeScale, Duration callTimeout) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("## Case studies against a flaky endpoint (`epic bench faults").append(quick ? " --quick" : "").append("`)\n\n");
        md.append("Reproduce: `./epic bench faults`. Each case study runs on the opportunistic engine twice against the ")
                .append("in-process simulated engine (time scale ").append(timeScale).append("): without faults, and with `")
                .append(MIX).append("` drawn from a fixed seed per case, each case run ").append(quick ? 5 : 20).append(" times against one flaky engine (counts are totals; times are the mean run) — 5% of requests answer 500/502/503, 2% hold their answer past ")
                .append("the call timeout (").append(callTimeout.toSeconds()).append(" s here). *Paid twice*: requests the engine ")
                .append("decoded, less those whose answer was held back, less the requests the client needed (sent minus ")
                .append("re-sent) — a positive number would mean an answer that had arrived was asked for again.\n\n");
        md.append("| case | same answer (every run) | calls | requests | retries | 5xx drawn | timeouts drawn | failed calls | paid twice | ")
                .append("ms without faults | ms with faults |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append(String.format("| %s | %s | %d | %d | %d | %d | %d | %d | %d | %.0f | %.0f |%n", r.name(),
                    r.same() ? "yes" : "**no**", r.calls(), r.requests(), r.retries(), r.serverErrors(), r.timeouts(),
                    r.failedCalls(), r.paidTwice(), r.cleanMs(), r.faultyMs()));
        }
        long wrong = rows.stream().filter(r -> !r.same()).count();
        long twice = rows.stream().mapToLong(Row::paidTwice).sum();
        md.append(String.format("%nEvery job gave the fault-free answer: %s. Answers paid twice: %d.%n",
                wrong == 0 ? "**yes**" : "**no** (" + wrong + " cases)", twice));
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("mix", MIX);
        root.put("time_scale", timeScale);
        root.put("call_timeout_s", callTimeout.toSeconds());
        ArrayNode arr = root.putArray("cases");
        for (Row r : rows) {
            ObjectNode o = arr.addObject();
            o.put("case", r.name());
            o.put("same_answer", r.same());
            o.put("calls", r.calls());
            o.put("requests", r.requests());
            o.put("retries", r.retries());
            o.put("failed_calls", r.failedCalls());
            o.put("server_errors", r.serverErrors());
            o.put("timeouts", r.timeouts());
            o.put("decoded", r.decoded());
            o.put("paid_twice", r.paidTwice());
            o.put("clean_ms", r.cleanMs());
            o.put("faulty_ms", r.faultyMs());
        }
        List<String> cats = rows.stream().map(Row::name).toList();
        double[][] values = new double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            values[i] = new double[] {rows.get(i).cleanMs(), rows.get(i).faultyMs()};
        }
        String svg = BenchReport.barChart("Case studies with and without endpoint faults (lower is better)", "ms", cats,
                List.of("no faults", MIX), values);
        BenchReport.write(docs, "faults", md.toString(), json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n", svg);
        out.println("wrote " + docs.resolve("benchmarks.md") + ", " + docs.resolve("bench/faults.json"));
        out.flush();
    }
}
