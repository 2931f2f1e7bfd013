package dev.epic.prob.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.epic.lang.syntax.Source;
import dev.epic.prob.infer.Algorithm;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden programs of {@code src/test/resources/analysis}: per algorithm the inferred plan
 * ({@code (* ssi plan: x: symbolic, y: sample *)}) and the errors, in order
 * ({@code (* ssi error: LINE:COL: error: x is annotated as symbolic but might be sampled: … *)}); an algorithm with a
 * plan and no error line must accept the program.
 */
class AnalysisGoldenTest {
    private static final Pattern PLAN = Pattern.compile("\\(\\* (ssi|ds|bp) plan: (.*?) \\*\\)");
    private static final Pattern ERROR = Pattern.compile("\\(\\* (ssi|ds|bp) error: (.*?) \\*\\)", Pattern.DOTALL);

    static Path dir() throws URISyntaxException {
        return Path.of(AnalysisGoldenTest.class.getResource("/analysis").toURI());
    }

    @TestFactory
    Stream<DynamicTest> plansAndErrors() throws IOException, URISyntaxException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".si")).sorted().toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                Matcher pm = PLAN.matcher(text);
                while (pm.find()) {
                    String alg = pm.group(1);
                    String plan = pm.group(2);
                    List<String> errors = new ArrayList<>();
                    Matcher em = ERROR.matcher(text);
                    while (em.find()) {
                        if (em.group(1).equals(alg)) {
                            errors.add(f.getFileName() + ":" + em.group(2).replaceAll("\\s*\\n\\s*", " "));
                        }
                    }
                    tests.add(dynamicTest(f.getFileName() + " " + alg, () -> {
                        Algorithm a = Algorithm.valueOf(alg.toUpperCase(Locale.ROOT));
                        AnalysisResult r = Analysis.analyse(new Source(f.getFileName().toString(), text), a,
                                f.getParent(), AnalysisSettings.defaults());
                        List<String> planText = new ArrayList<>();
                        r.plan().forEach((k, v) -> planText.add(k + ": " + v));
                        assertThat(String.join(", ", planText)).isEqualTo(plan);
                        assertThat(r.violations()).extracting(Violation::message).containsExactlyElementsOf(errors);
                        assertThat(r.accepted()).isEqualTo(errors.isEmpty());
                    }));
                }
            }
        }
        return tests.stream();
    }
}
