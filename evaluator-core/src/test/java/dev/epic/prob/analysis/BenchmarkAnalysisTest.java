package dev.epic.prob.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.epic.lang.syntax.Source;
import dev.epic.prob.infer.Algorithm;
import dev.epic.prob.siren.PublishedSatisfiability;
import dev.epic.prob.siren.SirenBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The analysis on every plan of the Siren benchmarks ({@code benchmarks/siren}) under each algorithm: it accepts
 * only plans that are truly satisfiable (the published table, which the project's runs reproduce:
 * {@code SatisfiabilityGroundTruthTest}), each plan within a bound ({@code -Danalysis.max-ms}, default 20 s, loose for
 * shared CI machines; the measured times are in docs/siren-analysis.md). Prints, per setting, the plans accepted, those
 * missed, and the analysis times: the precision table of {@code docs/siren-analysis.md}.
 */
class BenchmarkAnalysisTest {
    @TestFactory
    Stream<DynamicTest> acceptsOnlySatisfiablePlansWithinABound() {
        List<DynamicTest> tests = new ArrayList<>();
        for (SirenBenchmark b : SirenBenchmark.all()) {
            for (Algorithm a : Algorithm.values()) {
                tests.add(dynamicTest(b.name() + " " + a, () -> check(b, a)));
            }
        }
        return tests.stream();
    }

    private static void check(SirenBenchmark b, Algorithm a) {
        Set<Integer> truth = PublishedSatisfiability.satisfiable(b.name(), a);
        Set<Integer> accepted = new TreeSet<>();
        long max = 0;
        long total = 0;
        for (int id = 0; id < b.planCount(); id++) {
            AnalysisResult r = Analysis.analyse(new Source(b.name() + "_plan" + id + ".si", b.plan(id)), a, b.dir(),
                    AnalysisSettings.defaults());
            max = Math.max(max, r.nanos());
            total += r.nanos();
            if (r.accepted()) {
                accepted.add(id);
            }
        }
        Set<Integer> missed = new TreeSet<>(truth);
        missed.removeAll(accepted);
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %s | %s | %.1f | %.1f |%n", b.name(), a, truth.size(),
                accepted.size(), missed.isEmpty() ? "exact" : "missed " + missed, accepted, total / 1e6 / b.planCount(),
                max / 1e6);
        assertThat(truth).as("%s under %s: accepted plans", b.name(), a).containsAll(accepted);
        assertThat(max / 1e6).as("%s under %s: the slowest plan's analysis, ms", b.name(), a).isLessThan(Long.getLong("analysis.max-ms", 20_000L));
    }
}
