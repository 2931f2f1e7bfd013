package dev.epic.prob.siren;

import dev.epic.engine.RunOptions;
import dev.epic.lang.compile.Program;
import dev.epic.prob.infer.Algorithm;
import dev.epic.prob.infer.Encoding;
import dev.epic.prob.infer.RuntimePlan;
import dev.epic.prob.smc.ParticleRun;
import dev.epic.prob.smc.ProbResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Runs each benchmark's unannotated program under SSI, DS and BP and prints the runtime plan as a plan id (SIREN.md
 * §7.1 numbering), next to the published default id, with the inference time.
 *
 * <p>{@code java … dev.epic.prob.siren.DefaultPlans [--particles N] [--seed S] [--timeout-s T] [benchmark…]};
 * defaults: 1000 particles, seed 1, 300 s, all benchmarks. With {@code --repeat R} each run is repeated R times and
 * the fastest time printed (the first runs warm the JVM).
 */
public final class DefaultPlans {
    private DefaultPlans() {}

    /** The id of a runtime plan, or the plan spelled out if a variable is dynamic or missing. */
    static String id(SirenBenchmark b, RuntimePlan plan) {
        int id = 0;
        for (String v : b.variables()) {
            Encoding e = plan.encodings().get(v);
            if (e == null || e == Encoding.DYNAMIC) {
                return plan.toString().trim().replace("\n", ", ");
            }
            id = id * 2 + (e == Encoding.SAMPLE ? 1 : 0);
        }
        return Integer.toString(id);
    }

    /**
     * A run on a thread of its own, stopped 5 s after its timeout if it is stuck inside one symbolic operation (see
     * {@link SatisfiabilitySweep}); null then.
     */
    @SuppressWarnings({"deprecation", "removal"})
    static ProbResult guarded(Program program, ParticleRun.Options options, Duration timeout) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<ProbResult> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(null, () -> result.set(new ParticleRun(program, options, ParticleRun.Listener.NONE).run()),
                "default-plan", 256L << 20);
        t.setDaemon(true);
        t.start();
        t.join(timeout.toMillis() + 5_000);
        if (t.isAlive()) {
            t.stop();
            t.join(10_000);
            return null;
        }
        return result.get();
    }

    public static void main(String[] args) throws InterruptedException {
        int particles = 1000;
        long seed = 1;
        int repeat = 1;
        Duration timeout = Duration.ofSeconds(300);
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--particles":
                    particles = Integer.parseInt(args[++i]);
                    break;
                case "--seed":
                    seed = Long.parseLong(args[++i]);
                    break;
                case "--repeat":
                    repeat = Integer.parseInt(args[++i]);
                    break;
                case "--timeout-s":
                    timeout = Duration.ofSeconds(Long.parseLong(args[++i]));
                    break;
                default:
                    names.add(args[i]);
            }
        }
        if (names.isEmpty()) {
            names.addAll(SirenBenchmark.NAMES);
        }
        System.out.printf(Locale.ROOT, "%-13s %-4s %-9s %-9s %10s%n", "benchmark", "alg", "runtime", "published", "ms");
        for (String name : names) {
            SirenBenchmark b = SirenBenchmark.load(name);
            Program program = b.compileUnannotated();
            for (Algorithm a : Algorithm.values()) {
                long best = Long.MAX_VALUE;
                ProbResult r = null;
                for (int k = 0; k < repeat; k++) {
                    r = guarded(program, new ParticleRun.Options(a, particles, seed,
                            RunOptions.defaults().withTimeout(timeout)), timeout);
                    if (r == null || !r.ok()) {
                        break;
                    }
                    best = Math.min(best, r.stats().evalMs());
                }
                String got = r == null ? "stuck" : r.ok() ? id(b, r.plan()) : r.error().getMessage();
                System.out.printf(Locale.ROOT, "%-13s %-4s %-9s %-9d %10s%n", name, a.name().toLowerCase(Locale.ROOT),
                        got, PublishedSatisfiability.defaultPlan(name, a), best == Long.MAX_VALUE ? "-" : Long.toString(best));
            }
        }
    }
}
