package dev.epic.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.epic.bench.cases.CaseStudies;
import dev.epic.engine.SequentialEngine;
import dev.epic.model.Models;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.endpoint.ModelSettings;
import dev.epic.model.sim.SimSettings;
import dev.epic.runtime.OpportunisticEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * {@code epic bench cases}: each case study of {@code examples/} run three ways — EPIC sequential, EPIC
 * opportunistic, hand-written Java — against one simulated engine (a served 7B model's latencies, scaled),
 * alternating, after a warm-up; medians of the repetitions.
 */
public final class CasesBench {
    private final boolean quick;
    private final PrintWriter out;

    public CasesBench(boolean quick, PrintWriter out) {
        this.quick = quick;
        this.out = out;
    }

    record Result(String name, Map<CaseStudies.Way, CaseStudies.Run> runs) {
        CaseStudies.Run get(CaseStudies.Way w) {
            return runs.get(w);
        }
    }

    public void run(Path docs, Path examples) throws Exception {
        run(docs, examples, List.of());
    }

    /**
     * Runs the named cases only (all when {@code only} is empty). A partial run prints its results and leaves
     * {@code docs} as it is, so the documented table always covers every case.
     */
    public void run(Path docs, Path examples, List<String> only) throws Exception {
        List<CaseStudies.Case> cases = CaseStudies.cases(examples);
        List<String> names = cases.stream().map(CaseStudies.Case::name).toList();
        for (String n : only) {
            if (!names.contains(n)) {
                throw new IllegalArgumentException("unknown case '" + n + "' (known: " + String.join(", ", names) + ")");
            }
        }
        if (!only.isEmpty()) {
            cases = cases.stream().filter(c -> only.contains(c.name())).toList();
        }
        double timeScale = quick ? 0.1 : 0.25;
        int reps = quick ? 1 : 3;
        ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "epic-bench-cases");
        List<Result> results = new ArrayList<>();
        // The batch window is part of the modelled time: scaled like the engine's steps, as a real server would see it.
        ModelSettings modelSettings = ModelSettings.fromConfig(ConfigFactory.load());
        EndpointSettings endpoint = modelSettings.defaultSettings();
        modelSettings = modelSettings.withDefault(endpoint.withLimits(
                Duration.ofNanos(Math.round(endpoint.batchWindow().toNanos() * timeScale)), endpoint.maxBatch(), endpoint.maxInFlight()));
        // The case studies' prompts are answered by the case-study behaviours, which configuration leaves off.
        try (Models models = Models.start(system, modelSettings,
                SimSettings.fromConfig(ConfigFactory.load()).withTimeScale(timeScale).withTasks(SimSettings.ALL_TASKS), List.of())) {
            OpportunisticEngine opp = new OpportunisticEngine(system);
            SequentialEngine seq = new SequentialEngine();
            for (CaseStudies.Case c : cases) {
                CaseStudies.run(c, CaseStudies.Way.OPPORTUNISTIC, models.service(), seq, opp);
                CaseStudies.run(c, CaseStudies.Way.HAND_WRITTEN, models.service(), seq, opp);
                Map<CaseStudies.Way, List<CaseStudies.Run>> all = new EnumMap<>(CaseStudies.Way.class);
                for (int r = 0; r < reps; r++) {
                    for (CaseStudies.Way w : CaseStudies.Way.values()) {
                        all.computeIfAbsent(w, k -> new ArrayList<>()).add(CaseStudies.run(c, w, models.service(), seq, opp));
                    }
                }
                Map<CaseStudies.Way, CaseStudies.Run> med = new EnumMap<>(CaseStudies.Way.class);
                all.forEach((w, runs) -> med.put(w, median(runs)));
                String answer = med.get(CaseStudies.Way.SEQUENTIAL).answer();
                for (CaseStudies.Run run : med.values()) {
                    if (!run.answer().equals(answer)) {
                        throw new IllegalStateException(c.name() + ": the versions disagree");
                    }
                }
                Result res = new Result(c.name(), med);
                results.add(res);
                CaseStudies.Run s = res.get(CaseStudies.Way.SEQUENTIAL);
                CaseStudies.Run o = res.get(CaseStudies.Way.OPPORTUNISTIC);
                CaseStudies.Run h = res.get(CaseStudies.Way.HAND_WRITTEN);
                out.printf("%-22s %4d calls  sequential %8.0f ms  opportunistic %7.0f ms  hand-written %7.0f ms  critical path %7.0f ms  "
                                + "speedup %5.2fx  vs hand %+5.1f%%  first output %6.0f / %6.0f / %6.0f ms%n",
                        c.name(), s.calls(), s.wallMs(), o.wallMs(), h.wallMs(), o.criticalPathMs(), s.wallMs() / o.wallMs(),
                        100 * (o.wallMs() / h.wallMs() - 1), s.firstOutputMs(), o.firstOutputMs(), h.firstOutputMs());
                out.flush();
            }
        } finally {
            system.terminate();
        }
        if (only.isEmpty()) {
            report(docs, results, timeScale, reps);
        }
    }

    private static CaseStudies.Run median(List<CaseStudies.Run> runs) {
        List<CaseStudies.Run> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.wallMs(), b.wallMs()));
        CaseStudies.Run mid = sorted.get(sorted.size() / 2);
        double[] firsts = runs.stream().mapToDouble(CaseStudies.Run::firstOutputMs).sorted().toArray();
        double[] paths = runs.stream().mapToDouble(CaseStudies.Run::criticalPathMs).sorted().toArray();
        return new CaseStudies.Run(mid.answer(), mid.wallMs(), firsts[firsts.length / 2], mid.calls(), paths[paths.length / 2], mid.events());
    }

    private void report(Path docs, List<Result> results, double timeScale, int reps) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("## Case studies: EPIC against sequential and hand-written code (`epic bench cases")
                .append(quick ? " --quick" : "").append("`)\n\n");
        md.append("Reproduce: `./epic bench cases`. Each program of `examples/` runs three ways against one in-process simulated ")
                .append("engine (continuous batching; a decode step of 25 ms + 0.6 ms per extra sequence, like a served 7B model, ")
                .append("scaled by ").append(timeScale).append(", and the batcher's 5 ms window scaled with it; the `search` tool takes 150 ms unscaled): EPIC's sequential engine, ")
                .append("EPIC's opportunistic engine, and a hand-written Java version with `CompletableFuture`s ")
                .append("(`bench/src/main/java/dev/epic/bench/cases/HandWritten.java`) that sends the same requests. ")
                .append("All three give the same answer (checked on every run). Alternating, after a warm-up; median of ")
                .append(reps).append(reps == 1 ? " run" : " runs").append(". *Critical path*: the longest chain of calls of the ")
                .append("opportunistic run that ran one after another, summing their latencies (from the run's events). ")
                .append("*Efficiency*: critical path / opportunistic time. First output: the first `print` (the end when nothing prints).\n\n");
        md.append("| case | calls | sequential ms | opportunistic ms | hand-written ms | critical path ms | speedup vs sequential | ")
                .append("opportunistic vs hand-written | efficiency | first output ms (seq / opp / hand) | first-output speedup |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            CaseStudies.Run s = r.get(CaseStudies.Way.SEQUENTIAL);
            CaseStudies.Run o = r.get(CaseStudies.Way.OPPORTUNISTIC);
            CaseStudies.Run h = r.get(CaseStudies.Way.HAND_WRITTEN);
            md.append(String.format("| %s | %d | %.0f | %.0f | %.0f | %.0f | %.2fx | %+.1f%% | %.0f%% | %.0f / %.0f / %.0f | %.2fx |%n",
                    r.name(), s.calls(), s.wallMs(), o.wallMs(), h.wallMs(), o.criticalPathMs(), s.wallMs() / o.wallMs(),
                    100 * (o.wallMs() / h.wallMs() - 1), 100 * o.criticalPathMs() / o.wallMs(), s.firstOutputMs(), o.firstOutputMs(),
                    h.firstOutputMs(), s.firstOutputMs() / o.firstOutputMs()));
        }
        md.append('\n').append(targets(results)).append("\n\n![case studies](bench/cases.svg)\n");

        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("time_scale", timeScale);
        root.put("repetitions", reps);
        ArrayNode arr = root.putArray("cases");
        for (Result r : results) {
            ObjectNode o = arr.addObject();
            o.put("case", r.name());
            for (CaseStudies.Way w : CaseStudies.Way.values()) {
                CaseStudies.Run run = r.get(w);
                ObjectNode x = o.putObject(w.name().toLowerCase());
                x.put("wall_ms", run.wallMs());
                x.put("first_output_ms", run.firstOutputMs());
                x.put("calls", run.calls());
                x.put("critical_path_ms", run.criticalPathMs());
            }
        }
        List<String> cats = new ArrayList<>();
        double[][] values = new double[results.size()][];
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            cats.add(r.name());
            values[i] = new double[] {r.get(CaseStudies.Way.SEQUENTIAL).wallMs(), r.get(CaseStudies.Way.OPPORTUNISTIC).wallMs(),
                    r.get(CaseStudies.Way.HAND_WRITTEN).wallMs(), r.get(CaseStudies.Way.OPPORTUNISTIC).criticalPathMs()};
        }
        String svg = BenchReport.barChart("Total time per case study (lower is better)", "ms", cats,
                List.of("sequential", "opportunistic", "hand-written", "critical path"), values);
        for (Result r : results) {
            java.nio.file.Files.createDirectories(docs.resolve("bench"));
            java.nio.file.Files.writeString(docs.resolve("bench/timeline-" + r.name() + ".svg"), CaseStudies.timeline(
                    r.name() + ": calls of the opportunistic run (bars: dispatch to answer; lines: output)",
                    r.get(CaseStudies.Way.OPPORTUNISTIC).events()));
        }
        BenchReport.write(docs, "cases", md.toString(), json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n", svg);
        out.println("wrote " + docs.resolve("benchmarks.md") + ", " + docs.resolve("bench/cases.json") + ", " + docs.resolve("bench/cases.svg"));
        out.flush();
    }

    private static String targets(List<Result> results) {
        StringBuilder sb = new StringBuilder("Targets: ");
        for (Result r : results) {
            CaseStudies.Run s = r.get(CaseStudies.Way.SEQUENTIAL);
            CaseStudies.Run o = r.get(CaseStudies.Way.OPPORTUNISTIC);
            if (r.name().equals("tree-of-thoughts")) {
                double x = s.wallMs() / o.wallMs();
                sb.append(String.format("Tree-of-Thoughts %.2fx faster than sequential (target ≥ 6.2x: %s); ", x, x >= 6.2 ? "**met**" : "**not met**"));
            }
            if (r.name().equals("streaming-fanout")) {
                double x = s.firstOutputMs() / o.firstOutputMs();
                sb.append(String.format("streaming fan-out first output %.2fx sooner (target ≥ 12.7x: %s); ", x, x >= 12.7 ? "**met**" : "**not met**"));
            }
        }
        List<String> overHand = new ArrayList<>();
        List<String> offPath = new ArrayList<>();
        for (Result r : results) {
            CaseStudies.Run o = r.get(CaseStudies.Way.OPPORTUNISTIC);
            CaseStudies.Run h = r.get(CaseStudies.Way.HAND_WRITTEN);
            if (o.wallMs() > 1.03 * h.wallMs()) {
                overHand.add(String.format("%s (%+.1f%%)", r.name(), 100 * (o.wallMs() / h.wallMs() - 1)));
            }
            if (o.criticalPathMs() < 0.9 * o.wallMs()) {
                offPath.add(String.format("%s (%.0f%%)", r.name(), 100 * o.criticalPathMs() / o.wallMs()));
            }
        }
        sb.append("within 3% of hand-written: ").append(overHand.isEmpty() ? "**met** for every case" : "**not met** for " + String.join(", ", overHand));
        sb.append("; within 10% of the critical path: ").append(offPath.isEmpty() ? "**met** for every case" : "**not met** for " + String.join(", ", offPath));
        sb.append('.');
        return sb.toString();
    }
}
