package dev.epic.prob.siren;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.prob.infer.Algorithm;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The satisfiability ground truth (SIREN.md §5.3, §6.6) on a CI-sized subset: for four benchmarks whose plans run
 * in well under a second each, every plan under SSI, DS and BP is run with 10 particles under seeds 1..20, and the
 * plans that never violate are exactly the published truly satisfiable ones. The full sweep over all eleven is
 * {@link SatisfiabilitySweep}; its results and the differences it finds are in {@code benchmarks/siren/README.md}.
 */
class SatisfiabilityGroundTruthTest {
    @ParameterizedTest
    @ValueSource(strings = {"noise", "outlierheavy", "gtree", "wheels"})
    void satisfiablePlansAreThePublishedOnes(String name) {
        SirenBenchmark b = SirenBenchmark.load(name);
        for (Algorithm a : Algorithm.values()) {
            Set<Integer> satisfied = new TreeSet<>();
            for (int id = 0; id < b.planCount(); id++) {
                PlanCheck.Verdict v = PlanCheck.check(b.compilePlan(id), a, 10, 20, Duration.ofSeconds(20));
                assertThat(v.kind()).as("%s %s plan %d: %s", name, a, id, v.detail())
                        .isIn(PlanCheck.Kind.SATISFIED, PlanCheck.Kind.VIOLATED);
                if (v.satisfied()) {
                    satisfied.add(id);
                }
            }
            assertThat(satisfied).as("%s under %s", name, a).isEqualTo(PublishedSatisfiability.satisfiable(name, a));
        }
    }
}
