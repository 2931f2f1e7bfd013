package dev.epic.prob.siren;

import dev.epic.lang.compile.Program;
import dev.epic.prob.infer.Algorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The satisfiability ground truth, in full: every plan of every benchmark under SSI, DS and BP, run with 10
 * particles under seeds 1..20 (SIREN.md §5.3), compared with the published table (§6.6). Prints one line per
 * setting — the plans that ran without a violation, the published set, and the differences with what decided each
 * — and a summary.
 *
 * <p>{@code java -Xss16m … dev.epic.prob.siren.SatisfiabilitySweep [--particles N] [--seeds S] [--timeout-s T]
 * [--verbose] [benchmark…]}.
 *
 * <p>Each run has the run's own timeout; a run stuck inside one symbolic operation (slam under SSI, whose
 * expressions grow exponentially) never reaches the interpreter's timeout check, so each run also goes on a thread
 * of its own that is stopped a little after the timeout. {@code Thread.stop} is deprecated, and right here: this is
 * a measuring tool, the stopped thread owns nothing shared, and the alternative is a JVM per run.
 */
public final class SatisfiabilitySweep {
    private SatisfiabilitySweep() {}

    /** One setting's outcome: the verdict of each plan. */
    record Setting(SirenBenchmark benchmark, Algorithm method, List<PlanCheck.Verdict> verdicts) {
        Set<Integer> satisfied() {
            return satisfied(false);
        }

        /**
         * With {@code preCheck}, as the published protocol decided: less the plans its known-sampled pre-check
         * rejects without a run, plus the plans it declared satisfiable without a run if they time out here too.
         */
        Set<Integer> satisfied(boolean preCheck) {
            Set<Integer> s = new TreeSet<>();
            for (int i = 0; i < verdicts.size(); i++) {
                PlanCheck.Verdict v = verdicts.get(i);
                boolean decided = preCheck && v.kind() == PlanCheck.Kind.TIMED_OUT
                        && PublishedSatisfiability.byDecision(benchmark.name(), method, i);
                if (decided || v.satisfied() && !(preCheck && PublishedSatisfiability.preCheckRejects(benchmark, i))) {
                    s.add(i);
                }
            }
            return s;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int particles = 10;
        int seeds = 20;
        boolean verbose = false;
        Duration timeout = Duration.ofSeconds(30);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--particles":
                    particles = Integer.parseInt(args[++i]);
                    break;
                case "--seeds":
                    seeds = Integer.parseInt(args[++i]);
                    break;
                case "--timeout-s":
                    timeout = Duration.ofSeconds(Long.parseLong(args[++i]));
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                default:
                    names.add(args[i]);
            }
        }
        if (names.isEmpty()) {
            names.addAll(SirenBenchmark.NAMES);
        }
        System.out.printf(Locale.ROOT, "%d particles, seeds 1..%d, %d s per run%n%n", particles, seeds, timeout.toSeconds());
        int agree = 0;
        int agreeWithPreCheck = 0;
        int settings = 0;
        long start = System.nanoTime();
        for (String name : names) {
            SirenBenchmark b = SirenBenchmark.load(name);
            for (Algorithm a : Algorithm.values()) {
                long t0 = System.nanoTime();
                Setting s = sweep(b, a, particles, seeds, timeout, verbose);
                settings++;
                Set<Integer> published = PublishedSatisfiability.satisfiable(name, a);
                Set<Integer> got = s.satisfied();
                boolean same = got.equals(published);
                agree += same ? 1 : 0;
                boolean sameWithPreCheck = s.satisfied(true).equals(published);
                agreeWithPreCheck += sameWithPreCheck ? 1 : 0;
                System.out.printf(Locale.ROOT, "%-13s %-4s %-5s EPIC %s%s%n", name, a.name().toLowerCase(Locale.ROOT),
                        same ? "same" : "DIFF", compact(got),
                        !same && sameWithPreCheck ? "  (same under the published protocol: pre-check, decisions)" : "");
                if (!same) {
                    System.out.printf(Locale.ROOT, "%-24s published %s%n", "", compact(published));
                    for (int id = 0; id < b.planCount(); id++) {
                        boolean p = published.contains(id);
                        PlanCheck.Verdict v = s.verdicts().get(id);
                        if (p != v.satisfied()) {
                            System.out.printf(Locale.ROOT, "%-24s plan %d (%s): published %s, EPIC %s%s%n", "", id,
                                    b.describe(id), p ? "satisfiable" : "unsatisfiable", v.brief(),
                                    PublishedSatisfiability.byDecision(name, a, id) ? " [published: satisfiable by decision, not run]" : "");
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "%-24s (%d ms)%n", "", (System.nanoTime() - t0) / 1_000_000);
            }
        }
        System.out.printf(Locale.ROOT, "%n%d of %d settings equal the published table by runs alone, %d with the "
                + "published protocol's known-sampled pre-check and slam/SSI decisions (%d s)%n", agree, settings, agreeWithPreCheck,
                (System.nanoTime() - start) / 1_000_000_000L);
    }

    /** Every plan of {@code b} under {@code method}. */
    static Setting sweep(SirenBenchmark b, Algorithm method, int particles, int seeds, Duration timeout, boolean verbose)
            throws InterruptedException {
        List<PlanCheck.Verdict> out = new ArrayList<>();
        for (int id = 0; id < b.planCount(); id++) {
            PlanCheck.Verdict v = guarded(b.compilePlan(id), method, particles, seeds, timeout);
            if (verbose) {
                System.out.printf(Locale.ROOT, "  %s %s plan %d: %s (%d ms) %s%n", b.name(), method, id, v.brief(),
                        v.millis(), v.kind() == PlanCheck.Kind.FAILED ? v.detail() : "");
            }
            out.add(v);
        }
        return new Setting(b, method, out);
    }

    /** {@link PlanCheck#check}, seed by seed, each on its own thread that is stopped 5 s after the run's timeout. */
    @SuppressWarnings({"deprecation", "removal"})
    static PlanCheck.Verdict guarded(Program program, Algorithm method, int particles, int seeds, Duration timeout)
            throws InterruptedException {
        long start = System.nanoTime();
        for (int seed = 1; seed <= seeds; seed++) {
            final long s = seed;
            AtomicReference<PlanCheck.Verdict> result = new AtomicReference<>();
            Thread t = new Thread(null, () -> result.set(PlanCheck.checkSeed(program, method, particles, s, timeout)),
                    "plan-check", 256L << 20);
            t.setDaemon(true);
            t.start();
            t.join(timeout.toMillis() + 5_000);
            if (t.isAlive()) {
                t.stop();
                t.join(10_000);
                return new PlanCheck.Verdict(PlanCheck.Kind.TIMED_OUT, seed, "stuck in one symbolic operation", elapsed(start));
            }
            PlanCheck.Verdict v = result.get();
            if (v == null) {
                return new PlanCheck.Verdict(PlanCheck.Kind.FAILED, seed, "the run's thread died", elapsed(start));
            }
            if (!v.satisfied()) {
                return new PlanCheck.Verdict(v.kind(), seed, v.detail(), elapsed(start));
            }
        }
        return new PlanCheck.Verdict(PlanCheck.Kind.SATISFIED, 0, "", elapsed(start));
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** 3,4,5,6,7 → "{3-7}"; consecutive runs collapsed. */
    static String compact(Set<Integer> ids) {
        StringBuilder sb = new StringBuilder("{");
        List<Integer> l = new ArrayList<>(ids);
        for (int i = 0; i < l.size(); ) {
            int j = i;
            while (j + 1 < l.size() && l.get(j + 1) == l.get(j) + 1) {
                j++;
            }
            sb.append(sb.length() > 1 ? "," : "").append(l.get(i));
            if (j > i) {
                sb.append(j == i + 1 ? "," : "-").append(l.get(j));
            }
            i = j + 1;
        }
        return sb.append("}").toString();
    }
}
