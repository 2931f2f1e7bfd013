package dev.epic.prob.siren;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The benchmark files: templates, the plans generated from them, the unannotated programs, the data. */
class SirenBenchmarksTest {
    private static final Pattern ANNOTATED_LET = Pattern.compile("let (symbolic|sample) ([A-Za-z0-9_]+) <-");

    @Test
    void everyBenchmarkHasItsTemplateAndItsHundredStepsOfData() throws IOException {
        for (String name : SirenBenchmark.NAMES) {
            SirenBenchmark b = SirenBenchmark.load(name);
            List<String> lines = Files.readAllLines(b.dir().resolve("data").resolve(name + ".csv"));
            assertThat(lines).as(name).hasSize(101);
            assertThat(lines.get(0)).as(name).doesNotContainPattern("[0-9]\\.");
        }
    }

    @Test
    void planNumberingFollowsTheBitOrder() {
        SirenBenchmark noise = SirenBenchmark.load("noise");
        assertThat(noise.variables()).containsExactly("x", "invq", "invr");
        assertThat(noise.describe(3)).isEqualTo("x - symbolic, invq - sample, invr - sample");
        assertThat(noise.describe(0)).isEqualTo("x - symbolic, invq - symbolic, invr - symbolic");
        assertThat(noise.describe(7)).isEqualTo("x - sample, invq - sample, invr - sample");
        assertThat(SirenBenchmark.load("slds").planCount()).isEqualTo(128);
    }

    @Test
    void eachPlanAnnotatesEveryListedVariableOnceAsItsIdSays() {
        for (SirenBenchmark b : SirenBenchmark.all()) {
            for (int id = 0; id < b.planCount(); id++) {
                Matcher m = ANNOTATED_LET.matcher(b.plan(id));
                StringBuilder seen = new StringBuilder();
                while (m.find()) {
                    int j = b.variables().indexOf(m.group(2));
                    assertThat(j).as("%s plan %d annotates %s", b.name(), id, m.group(2)).isGreaterThanOrEqualTo(0);
                    assertThat(m.group(1)).isEqualTo(b.sampled(id, j) ? "sample" : "symbolic");
                    seen.append(m.group(2)).append(' ');
                }
                assertThat(seen.toString().trim()).as("%s plan %d", b.name(), id)
                        .isEqualTo(String.join(" ", b.variables().stream().sorted(
                                (u, v) -> Integer.compare(b.template().indexOf("{{" + u + "}}"),
                                        b.template().indexOf("{{" + v + "}}"))).toList()));
            }
        }
    }

    @Test
    void everyPlanAndTheUnannotatedProgramCompile() {
        for (SirenBenchmark b : SirenBenchmark.all()) {
            assertThat(b.unannotated()).as(b.name()).doesNotContain("{{").doesNotContainPattern(ANNOTATED_LET);
            b.compileUnannotated();
            for (int id = 0; id < b.planCount(); id++) {
                b.compilePlan(id);
            }
        }
    }
}
