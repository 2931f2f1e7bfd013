package dev.epic.prob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.epic.engine.RunOptions;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.CompileException;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.value.Values;
import dev.epic.prob.infer.Algorithm;
import dev.epic.prob.smc.ParticleRun;
import dev.epic.prob.smc.ProbResult;
import dev.epic.tools.ExternalRegistry;
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
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Probabilistic programs under {@code src/test/resources/siren}, run with particles and checked against the
 * outcome their comments expect: {@code (* expect: VALUE *)} (floats compared to ten significant digits),
 * {@code (* expect plan: x: symbolic, y: sample *)}, {@code (* expect error: LINE:COL MESSAGE *)} (and
 * {@code (* expect error message: TEXT *)} for more of the message), {@code (* expect warning: TEXT *)}; run with
 * {@code (* particles: N *)}, {@code (* seed: S *)} and each of {@code (* methods: ssi ds bp *)}.
 */
class SirenProgramsTest {
    private static final Pattern EXPECT = Pattern.compile("\\(\\* expect: (.*) \\*\\)");
    private static final Pattern PLAN = Pattern.compile("\\(\\* expect plan: (.*) \\*\\)");
    private static final Pattern ERROR = Pattern.compile("\\(\\* expect error: (\\d+):(\\d+) (.*?) \\*\\)");
    private static final Pattern ERROR_MESSAGE = Pattern.compile("\\(\\* expect error message: (.*?) \\*\\)");
    private static final Pattern WARNING = Pattern.compile("\\(\\* expect warning: (.*?) \\*\\)");
    private static final Pattern PARTICLES = Pattern.compile("\\(\\* particles: (\\d+) \\*\\)");
    private static final Pattern SEED = Pattern.compile("\\(\\* seed: (\\d+) \\*\\)");
    private static final Pattern METHODS = Pattern.compile("\\(\\* methods: ([a-z ]+) \\*\\)");
    private static final Pattern FLOAT = Pattern.compile("-?\\d+\\.\\d+(?:[eE]-?\\d+)?");

    static Path dir() throws URISyntaxException {
        return Path.of(SirenProgramsTest.class.getResource("/siren").toURI());
    }

    /** Compiles a program of the test corpus, with File.read reading next to it. */
    static Program compile(Path file) throws IOException {
        ExternalRegistry registry = ExternalRegistry.withDefaults()
                .register(new dev.epic.tools.FileReadTool(file.getParent(), 1 << 20));
        return StandardLanguage.compile(new Source(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)),
                registry);
    }

    /** What a run of {@code program} gives, with its warnings. */
    record Outcome(ProbResult result, List<String> warnings) {}

    static Outcome run(Program program, Algorithm method, int particles, long seed) {
        List<String> warnings = new ArrayList<>();
        ProbResult r = new ParticleRun(program, new ParticleRun.Options(method, particles, seed, RunOptions.defaults()),
                new ParticleRun.Listener() {
                    @Override
                    public void warning(String message) {
                        warnings.add(message);
                    }
                }).run();
        return new Outcome(r, warnings);
    }

    /** The text of a value with every float rounded to ten significant digits. */
    static String rounded(String text) {
        Matcher m = FLOAT.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            double d = Double.parseDouble(m.group());
            m.appendReplacement(sb, Values.formatFloat(Double.parseDouble(String.format(Locale.ROOT, "%.10g", d))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    @TestFactory
    Stream<DynamicNode> programs() throws IOException, URISyntaxException {
        List<DynamicNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".si") || p.toString().endsWith(".epic")).sorted().toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                Matcher ms = METHODS.matcher(text);
                String[] methods = ms.find() ? ms.group(1).trim().split(" +") : new String[] {"ssi"};
                for (String method : methods) {
                    out.add(dynamicTest(f.getFileName() + " (" + method + ")", () -> check(f, text,
                            Algorithm.valueOf(method.toUpperCase(Locale.ROOT)))));
                }
            }
        }
        return out.stream();
    }

    private static int intDirective(Pattern p, String text, int otherwise) {
        Matcher m = p.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : otherwise;
    }

    private static void check(Path file, String text, Algorithm method) throws IOException {
        Program program;
        try {
            program = compile(file);
        } catch (CompileException e) {
            throw new AssertionError("does not compile: " + e.getMessage(), e);
        }
        Outcome o = run(program, method, intDirective(PARTICLES, text, 100), intDirective(SEED, text, 1));
        ProbResult r = o.result();
        Matcher error = ERROR.matcher(text);
        if (error.find()) {
            assertThat(r.ok()).as("expected an error but got " + (r.ok() ? Values.show(r.mean()) : "")).isFalse();
            assertThat(r.error().span().lineColumn()).as(r.error().format()).isEqualTo(error.group(1) + ":" + error.group(2));
            assertThat(r.error().getMessage()).contains(error.group(3));
            Matcher more = ERROR_MESSAGE.matcher(text);
            if (more.find()) {
                assertThat(r.error().getMessage()).contains(more.group(1));
            }
            return;
        }
        assertThat(r.ok()).as(r.ok() ? "" : r.error().format()).isTrue();
        Matcher value = EXPECT.matcher(text);
        if (value.find()) {
            assertThat(rounded(Values.show(r.mean()))).isEqualTo(rounded(value.group(1).trim()));
        }
        Matcher plan = PLAN.matcher(text);
        if (plan.find()) {
            assertThat(r.plan().toString().trim().replace("\n", ", ")).isEqualTo(plan.group(1).trim());
        }
        Matcher warning = WARNING.matcher(text);
        if (warning.find()) {
            assertThat(o.warnings()).anySatisfy(w -> assertThat(w).contains(warning.group(1)));
        } else {
            assertThat(o.warnings()).isEmpty();
        }
    }

    /** The corpus is not empty (a wrong resource path would make every test vanish). */
    @TestFactory
    Stream<DynamicTest> theCorpusIsThere() throws IOException, URISyntaxException {
        long n;
        try (Stream<Path> files = Files.list(dir())) {
            n = files.filter(p -> p.toString().endsWith(".si")).count();
        }
        long count = n;
        return Stream.of(dynamicTest("at least fifteen programs", () -> assertThat(count).isGreaterThanOrEqualTo(15)));
    }
}
