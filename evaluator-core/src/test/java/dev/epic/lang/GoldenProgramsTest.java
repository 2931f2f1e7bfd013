package dev.epic.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.epic.engine.Engine;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.SequentialEngine;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.CompileException;
import dev.epic.lang.syntax.Diagnostic;
import dev.epic.lang.syntax.Source;
import dev.epic.runtime.OpportunisticEngine;
import dev.epic.tools.ExternalRegistry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every program under {@code src/test/resources/programs} on both engines and checks the outcome its
 * comments expect: {@code (* expect: VALUE *)}, or one {@code (* expect error: [LINE:COL] MESSAGE *)} per error
 * (compile errors: exactly those, in order). {@code (* max-steps: N *)} sets the step limit,
 * {@code (* timeout-ms: N *)} the time limit.
 */
class GoldenProgramsTest {
    /** Up to the last " *)" of the line, so an expected value may itself contain "*)". */
    private static final Pattern EXPECT = Pattern.compile("\\(\\* expect: (.*) \\*\\)");
    private static final Pattern EXPECT_ERROR = Pattern.compile("\\(\\* expect error: (?:(\\d+):(\\d+) )?(.*?) \\*\\)");
    private static final Pattern MAX_STEPS = Pattern.compile("\\(\\* max-steps: (\\d+) \\*\\)");
    private static final Pattern TIMEOUT = Pattern.compile("\\(\\* timeout-ms: (\\d+) \\*\\)");

    private static final OpportunisticEngine opportunistic = new OpportunisticEngine();

    @AfterAll
    static void close() {
        opportunistic.close();
    }

    record ExpectedError(Integer line, Integer column, String message) {
        void check(String actualSpan, int line, int column, String actualMessage) {
            if (this.line != null) {
                assertThat(line + ":" + column).as("position of: " + actualMessage).isEqualTo(this.line + ":" + this.column);
            }
            assertThat(actualMessage).as("error at " + actualSpan).contains(message);
        }
    }

    record Expectation(String value, List<ExpectedError> errors, long maxSteps, Duration timeout) {
        static Expectation of(String text) {
            Matcher v = EXPECT.matcher(text);
            String value = v.find() ? v.group(1).trim() : null;
            List<ExpectedError> errors = new ArrayList<>();
            Matcher e = EXPECT_ERROR.matcher(text);
            while (e.find()) {
                errors.add(new ExpectedError(e.group(1) == null ? null : Integer.valueOf(e.group(1)),
                        e.group(2) == null ? null : Integer.valueOf(e.group(2)), e.group(3).trim()));
            }
            Matcher m = MAX_STEPS.matcher(text);
            long steps = m.find() ? Long.parseLong(m.group(1)) : 50_000_000L;
            Matcher t = TIMEOUT.matcher(text);
            Duration timeout = t.find() ? Duration.ofMillis(Long.parseLong(t.group(1))) : Duration.ofSeconds(60);
            if ((value == null) == errors.isEmpty()) {
                throw new IllegalArgumentException("a golden program needs one '(* expect: … *)' or some '(* expect error: … *)'");
            }
            return new Expectation(value, errors, steps, timeout);
        }
    }

    @TestFactory
    Stream<DynamicNode> goldenPrograms() throws IOException, URISyntaxException {
        Path root = Path.of(GoldenProgramsTest.class.getResource("/programs").toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".epic")).sorted().toList();
        }
        assertThat(files.size()).as("golden programs").isGreaterThanOrEqualTo(60);
        return files.stream().map(f -> program(root, f));
    }

    private DynamicNode program(Path root, Path file) {
        String name = root.relativize(file).toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Expectation expect = Expectation.of(text);
        List<String> displays = new ArrayList<>();
        return DynamicContainer.dynamicContainer(name, Stream.of(
                dynamicTest("sequential engine gives the expected outcome", () -> displays.add(check(name, text, expect, new SequentialEngine()))),
                dynamicTest("opportunistic engine gives the expected outcome", () -> displays.add(check(name, text, expect, opportunistic))),
                dynamicTest("both engines agree", () -> {
                    assertThat(displays).hasSize(2);
                    assertThat(displays.get(1)).isEqualTo(displays.get(0));
                })));
    }

    private static String check(String name, String text, Expectation expect, Engine engine) {
        Program program;
        try {
            program = StandardLanguage.compile(new Source(name, text), ExternalRegistry.withDefaults());
        } catch (CompileException e) {
            List<Diagnostic> ds = e.diagnostics();
            assertThat(expect.value()).as("unexpected compile errors: " + ds).isNull();
            assertThat(ds).as("compile errors").hasSize(expect.errors().size());
            for (int i = 0; i < ds.size(); i++) {
                Diagnostic d = ds.get(i);
                expect.errors().get(i).check(d.span().toString(), d.span().line(), d.span().column(), d.message());
            }
            return ds.toString();
        }
        RunResult r = engine.run(program, RunOptions.defaults().withMaxSteps(expect.maxSteps()).withTimeout(expect.timeout()));
        if (expect.value() != null) {
            assertThat(r.ok()).as("run failed: " + r.display()).isTrue();
            assertThat(r.display()).isEqualTo(expect.value());
        } else {
            assertThat(r.ok()).as("expected an error but got " + r.display()).isFalse();
            assertThat(expect.errors()).as("a run-time error is one expectation").hasSize(1);
            expect.errors().get(0).check(r.error().span().toString(), r.error().span().line(), r.error().span().column(),
                    r.error().getMessage());
        }
        return r.display();
    }
}
