package dev.epic.prob.siren;

import dev.epic.prob.infer.Algorithm;
import java.time.Duration;
import java.util.Locale;

/**
 * One plan of one benchmark under one algorithm, with the message that decided it:
 * {@code java … dev.epic.prob.siren.PlanProbe BENCHMARK ALG PLAN [SEEDS] [PARTICLES]} (ALG ssi|ds|bp;
 * defaults 20 seeds, 10 particles). For looking into a difference the sweep reports.
 */
public final class PlanProbe {
    private PlanProbe() {}

    public static void main(String[] args) {
        SirenBenchmark b = SirenBenchmark.load(args[0]);
        Algorithm a = Algorithm.valueOf(args[1].toUpperCase(Locale.ROOT));
        int id = Integer.parseInt(args[2]);
        int seeds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int particles = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        PlanCheck.Verdict v = PlanCheck.check(b.compilePlan(id), a, particles, seeds, Duration.ofSeconds(60));
        System.out.printf(Locale.ROOT, "%s %s plan %d (%s): %s after %d ms%n%s%n", b.name(), a, id, b.describe(id),
                v.brief(), v.millis(), v.detail());
    }
}
