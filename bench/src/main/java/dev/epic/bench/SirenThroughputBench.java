package dev.epic.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.engine.RunOptions;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.prob.infer.Algorithm;
import dev.epic.prob.smc.ParticleRun;
import dev.epic.prob.smc.ProbResult;
import dev.epic.tools.ExternalRegistry;
import dev.epic.tools.FileReadTool;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * {@code epic bench siren-throughput}: particle-steps per second of the particle filter on the default plans (the
 * unannotated programs) of noise, outlier, aircraft and slam from {@code benchmarks/siren}, under SSI, DS and BP, at
 * 1,000 particles with one partition and with two; bytes allocated per particle-step; and a 1-D Kalman filter with one
 * particle, in microseconds per step. Inference time only, in steady state: compiled once, warmed up for a few seconds
 * per setting, then the median of {@link #MEASURED_RUNS} runs.
 */
public final class SirenThroughputBench {
    static final List<String> BENCHMARKS = List.of("noise", "outlier", "aircraft", "slam");
    /** A 1-D Kalman filter over 100 observations kept symbolic throughout: one particle's cost per step. */
    static final String KALMAN = """
            val step = fun (y, x) ->
              let symbolic next <- gaussian(x, 1.) in
              let () = observe(gaussian(next, 0.5), y) in
              let () = resample() in
              next
            in
            let symbolic x0 <- gaussian(0., 10.) in
            fold(step, List.range(0, 100), x0)
            """;

    /** Measured runs per setting after the warm-up; the median (by inference time) is reported. */
    static final int MEASURED_RUNS = 3;
    private static final int MAX_WARM_RUNS = 50;

    private final boolean quick;
    private final PrintWriter out;

    public SirenThroughputBench(boolean quick, PrintWriter out) {
        this.quick = quick;
        this.out = out;
    }

    record Row(String bench, Algorithm method, int partitions, int particles, int steps, double evalMs, double cpuMs,
               double stepsPerSecond, double bytesPerParticleStep, String error) {
        /** Particle-steps per second of the process's CPU time: one core's throughput. */
        double perCpuSecond() {
            return cpuMs > 0 ? (double) particles * steps / (cpuMs / 1000) : Double.NaN;
        }
    }

    public void run(Path docs, Path benchmarks) throws Exception {
        int particles = quick ? 200 : 1000;
        Duration timeout = Duration.ofSeconds(quick ? 30 : 120);
        List<Row> rows = new ArrayList<>();
        ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "epic-bench-siren");
        try {
            for (String name : BENCHMARKS) {
                Program program = unannotated(benchmarks, name);
                for (Algorithm method : Algorithm.values()) {
                    for (int partitions : List.of(1, 2)) {
                        Row r = measure(name, program, method, particles, partitions, timeout, system);
                        rows.add(r);
                        out.println(r.error() == null
                                ? String.format(Locale.ROOT, "%-9s %-3s %d partition(s): %5d steps  %8.0f ms  cpu %8.0f ms  "
                                        + "%10.0f particle-steps/s  %8.0f B/particle-step", name, method, partitions, r.steps(),
                                        r.evalMs(), r.cpuMs(), r.stepsPerSecond(), r.bytesPerParticleStep())
                                : String.format("%-9s %-3s %d partition(s): %s", name, method, partitions, r.error()));
                        out.flush();
                    }
                }
            }
        } finally {
            system.terminate();
        }
        double kalmanMicros = kalman(warmUp(), quick ? 200 : 2000);
        out.printf(Locale.ROOT, "kalman, 1 particle, SSI: %.2f us per step%n", kalmanMicros);
        report(docs, rows, particles, kalmanMicros);
    }

    static Program unannotated(Path benchmarks, String name) throws Exception {
        String template = Files.readString(benchmarks.resolve(name + ".si.tmpl"), StandardCharsets.UTF_8);
        String text = template.replaceAll("\\{\\{[a-z_0-9]+}} ", "");
        ExternalRegistry registry = ExternalRegistry.withDefaults().register(new FileReadTool(benchmarks, 64L << 20));
        return StandardLanguage.compile(new Source(name + ".si", text), registry);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private Row measure(String name, Program program, Algorithm method, int particles, int partitions, Duration timeout,
                        ActorSystem<SpawnProtocol.Command> system) {
        RunOptions limits = RunOptions.defaults().withTimeout(timeout);
        ParticleRun.Options options = new ParticleRun.Options(method, particles, 1, limits, partitions);
        // Warm up until the compiler has settled: runs for at least the warm-up time (and at least two runs).
        long warmUntil = System.nanoTime() + warmUp().toNanos();
        int warmRuns = 0;
        do {
            ProbResult warm = new ParticleRun(program, options, ParticleRun.Listener.NONE).run(system);
            if (!warm.ok()) {
                return new Row(name, method, partitions, particles, 0, 0, 0, 0, 0, warm.error().getMessage());
            }
            warmRuns++;
        } while (warmRuns < 2 || (System.nanoTime() < warmUntil && warmRuns < MAX_WARM_RUNS));
        List<Row> measured = new ArrayList<>();
        for (int i = 0; i < MEASURED_RUNS; i++) {
            long cpu0 = processCpuNanos();
            long alloc0 = allocatedBytes();
            long t0 = System.nanoTime();
            ProbResult r = new ParticleRun(program, options, ParticleRun.Listener.NONE).run(system);
            double wallMs = (System.nanoTime() - t0) / 1e6;
            double cpuMs = (processCpuNanos() - cpu0) / 1e6;
            long alloc = allocatedBytes() - alloc0;
            if (!r.ok()) {
                return new Row(name, method, partitions, particles, 0, 0, 0, 0, 0, r.error().getMessage());
            }
            int steps = Math.max(1, r.stats().resamples());
            double evalMs = r.stats().evalMs() > 0 ? r.stats().evalMs() : wallMs;
            double perSecond = (double) particles * steps / (evalMs / 1000);
            // Allocation is counted on this thread: the whole run with one partition, the coordinator's share with two.
            double bytes = partitions == 1 ? (double) alloc / particles / steps : Double.NaN;
            measured.add(new Row(name, method, partitions, particles, steps, evalMs, cpuMs, perSecond, bytes, null));
        }
        measured.sort(java.util.Comparator.comparingDouble(Row::evalMs));
        return measured.get(measured.size() / 2);
    }

    private Duration warmUp() {
        return quick ? Duration.ofMillis(500) : Duration.ofSeconds(3);
    }

    /**
     * Microseconds per step of the one-particle Kalman filter: runs for {@code warmUp}, then the median of five batches
     * of {@code runs} runs.
     */
    static double kalman(Duration warmUp, int runs) throws Exception {
        Program p = StandardLanguage.compile(new Source("kalman.si", KALMAN), ExternalRegistry.withDefaults());
        ParticleRun.Options o = new ParticleRun.Options(Algorithm.SSI, 1, 1, RunOptions.defaults());
        long warmUntil = System.nanoTime() + warmUp.toNanos();
        while (System.nanoTime() < warmUntil) {
            new ParticleRun(p, o, ParticleRun.Listener.NONE).run();
        }
        double[] batches = new double[5];
        for (int b = 0; b < batches.length; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                ProbResult r = new ParticleRun(p, o, ParticleRun.Listener.NONE).run();
                if (!r.ok()) {
                    throw new IllegalStateException("kalman: " + r.error().format());
                }
            }
            batches[b] = (System.nanoTime() - t0) / 1e3 / runs / 100;
        }
        java.util.Arrays.sort(batches);
        return batches[batches.length / 2];
    }

    private void report(Path docs, List<Row> rows, int particles, double kalmanMicros) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("## Siren: particle filter throughput (`epic bench siren-throughput").append(quick ? " --quick" : "")
                .append("`)\n\n");
        md.append("Reproduce: `./epic bench siren-throughput`. The default plans (unannotated programs) of four benchmarks of ")
                .append("`benchmarks/siren`, 100 time steps each with a resample at every step, ").append(particles)
                .append(" particles, seed 1; each setting warmed up (").append(quick ? "0.5" : "3")
                .append(" s), then the median of ").append(MEASURED_RUNS).append(" runs. *Particle-steps/s*: particles × ")
                .append("resamples / inference time (wall). *CPU*: the process's CPU time during the run (all threads, the ")
                .append("compiler and GC included): with two partitions the work is split over two actors. *Per CPU-second*: ")
                .append("particle-steps per second of that CPU time, the throughput of one core, which other processes on ")
                .append("the shared machine do not distort. *B/particle-step*: bytes allocated by the ")
                .append("running thread per particle-step (one partition). The machine is shared (2 cores).\n\n");
        md.append("| benchmark | method | partitions | inference ms | CPU ms | particle-steps/s | per CPU-second | B/particle-step |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            if (r.error() != null) {
                md.append(String.format("| %s | %s | %d | %s | | | | |%n", r.bench(), r.method(), r.partitions(),
                        r.error().length() > 80 ? r.error().substring(0, 80) + "…" : r.error()));
            } else {
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %.3g | %.3g | %s |%n", r.bench(), r.method(),
                        r.partitions(), r.evalMs(), r.cpuMs(), r.stepsPerSecond(), r.perCpuSecond(),
                        Double.isNaN(r.bytesPerParticleStep()) ? "" : String.format("%.0f", r.bytesPerParticleStep())));
            }
        }
        md.append(String.format(Locale.ROOT, "%n1-D Kalman filter, one particle, SSI, 100 steps: **%.2f µs per step** "
                + "(target ≤ 1 µs).%n", kalmanMicros));
        md.append("\nTargets: ≥ 10^6 particle-steps/s per core on noise and outlier under SSI, never below 10^5 on a default "
                + "plan; two partitions at most 1.1× the CPU time of one.\n");
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("particles", particles);
        root.put("kalman_us_per_step", kalmanMicros);
        ArrayNode arr = root.putArray("runs");
        List<String> cats = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (Row r : rows) {
            ObjectNode o = arr.addObject();
            o.put("benchmark", r.bench());
            o.put("method", r.method().name().toLowerCase(Locale.ROOT));
            o.put("partitions", r.partitions());
            if (r.error() != null) {
                o.put("error", r.error());
                continue;
            }
            o.put("steps", r.steps());
            o.put("eval_ms", r.evalMs());
            o.put("cpu_ms", r.cpuMs());
            o.put("particle_steps_per_s", r.stepsPerSecond());
            o.put("particle_steps_per_cpu_s", r.perCpuSecond());
            if (!Double.isNaN(r.bytesPerParticleStep())) {
                o.put("bytes_per_particle_step", r.bytesPerParticleStep());
            }
            if (r.partitions() == 1) {
                cats.add(r.bench() + " " + r.method().name().toLowerCase(Locale.ROOT));
                values.add(new double[] {r.stepsPerSecond()});
            }
        }
        String svg = BenchReport.barChart("Particle-steps per second, one partition (higher is better)", "particle-steps/s",
                cats, List.of("particle-steps/s"), values.toArray(new double[0][]));
        BenchReport.write(docs, "siren-throughput", md.toString(),
                json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n", svg);
        out.println("wrote " + docs.resolve("benchmarks.md") + ", " + docs.resolve("bench/siren-throughput.json"));
        out.flush();
    }
}
