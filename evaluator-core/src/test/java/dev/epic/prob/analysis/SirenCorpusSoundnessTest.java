package dev.epic.prob.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.prob.infer.Algorithm;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Soundness on the test corpora: for every program of {@code src/test/resources/siren} and
 * {@code src/test/resources/analysis} and each algorithm, a plan the analysis accepts raises no plan violation in 20
 * seeded runs of 10 particles.
 */
class SirenCorpusSoundnessTest {
    static final int RUNS = 20;
    static final int PARTICLES = 10;

    static Path dir() throws URISyntaxException {
        return Path.of(SirenCorpusSoundnessTest.class.getResource("/siren").toURI());
    }

    @TestFactory
    Stream<DynamicTest> acceptedPlansAreHonouredAtRunTime() throws IOException, URISyntaxException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path d : List.of(dir(), AnalysisGoldenTest.dir())) {
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".si")).sorted().toList()) {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    for (Algorithm a : Algorithm.values()) {
                        tests.add(dynamicTest(f.getFileName() + " " + a, () -> check(f, text, a)));
                    }
                }
            }
        }
        return tests.stream();
    }

    private static void check(Path f, String text, Algorithm a) {
        Source source = new Source(f.getFileName().toString(), text);
        AnalysisResult r = Analysis.analyse(source, a, f.getParent(), AnalysisSettings.defaults());
        if (!r.accepted()) {
            return;
        }
        Program program;
        try {
            program = Runs.compile(source, f.getParent());
        } catch (RuntimeException e) {
            return;
        }
        for (long seed = 0; seed < RUNS; seed++) {
            assertThat(Runs.violation(program, a, PARTICLES, seed))
                    .as("%s under %s, seed %d: accepted by the analysis (%s)", f.getFileName(), a, seed, r.lines())
                    .isNull();
        }
    }
}
