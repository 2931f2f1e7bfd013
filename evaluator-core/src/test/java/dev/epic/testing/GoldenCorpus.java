package dev.epic.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.engine.Event;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.CompileException;
import dev.epic.lang.syntax.Diagnostic;
import dev.epic.lang.syntax.Source;
import dev.epic.tools.ExternalRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The golden programs under {@code src/test/resources/programs} and what their comments expect:
 * {@code (* expect: VALUE *)}, or one {@code (* expect error: [LINE:COL] MESSAGE *)} per error (compile errors:
 * exactly those, in order); one {@code (* expect output: TEXT *)} per {@code print}, in order (a program without
 * one prints nothing); {@code (* max-steps: N *)} sets the step limit, {@code (* timeout-ms: N *)} the time limit.
 * Shared through this module's test jar, so every engine (the cluster's too) runs the same corpus.
 */
public final class GoldenCorpus {
    /** Up to the last " *)" of the line, so an expected value may itself contain "*)". */
    private static final Pattern EXPECT = Pattern.compile("\\(\\* expect: (.*) \\*\\)");
    private static final Pattern EXPECT_ERROR = Pattern.compile("\\(\\* expect error: (?:(\\d+):(\\d+) )?(.*?) \\*\\)");
    private static final Pattern EXPECT_OUTPUT = Pattern.compile("\\(\\* expect output: (.*) \\*\\)");
    private static final Pattern MAX_STEPS = Pattern.compile("\\(\\* max-steps: (\\d+) \\*\\)");
    private static final Pattern TIMEOUT = Pattern.compile("\\(\\* timeout-ms: (\\d+) \\*\\)");

    private GoldenCorpus() {}

    /** One program: its path under {@code programs/}, its text and what it expects. */
    public record GoldenProgram(String name, String text, Expectation expect) {}

    public record ExpectedError(Integer line, Integer column, String message) {
        void check(String actualSpan, int line, int column, String actualMessage) {
            if (this.line != null) {
                assertThat(line + ":" + column).as("position of: " + actualMessage).isEqualTo(this.line + ":" + this.column);
            }
            assertThat(actualMessage).as("error at " + actualSpan).contains(message);
        }
    }

    public record Expectation(String value, List<ExpectedError> errors, List<String> output, long maxSteps,
                              Duration timeout) {
        static Expectation of(String text) {
            Matcher v = EXPECT.matcher(text);
            String value = v.find() ? v.group(1).trim() : null;
            List<ExpectedError> errors = new ArrayList<>();
            Matcher e = EXPECT_ERROR.matcher(text);
            while (e.find()) {
                errors.add(new ExpectedError(e.group(1) == null ? null : Integer.valueOf(e.group(1)),
                        e.group(2) == null ? null : Integer.valueOf(e.group(2)), e.group(3).trim()));
            }
            List<String> output = new ArrayList<>();
            Matcher o = EXPECT_OUTPUT.matcher(text);
            while (o.find()) {
                output.add(o.group(1));
            }
            Matcher m = MAX_STEPS.matcher(text);
            long steps = m.find() ? Long.parseLong(m.group(1)) : 50_000_000L;
            Matcher t = TIMEOUT.matcher(text);
            Duration timeout = t.find() ? Duration.ofMillis(Long.parseLong(t.group(1))) : Duration.ofSeconds(60);
            if ((value == null) == errors.isEmpty()) {
                throw new IllegalArgumentException("a golden program needs one '(* expect: … *)' or some '(* expect error: … *)'");
            }
            return new Expectation(value, errors, List.copyOf(output), steps, timeout);
        }
    }

    /** Every golden program, sorted by path; read from a directory or, from another module, this test jar. */
    public static List<GoldenProgram> programs() throws IOException, URISyntaxException {
        URI uri = GoldenCorpus.class.getResource("/programs").toURI();
        if (!"jar".equals(uri.getScheme())) {
            return read(Path.of(uri));
        }
        FileSystem jar;
        try {
            jar = FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
            jar = FileSystems.newFileSystem(uri, Map.of());
        }
        return read(jar.provider().getPath(uri));
    }

    private static List<GoldenProgram> read(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".epic")).sorted().toList();
        }
        List<GoldenProgram> out = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            out.add(new GoldenProgram(root.relativize(f).toString(), text, Expectation.of(text)));
        }
        return out;
    }

    /**
     * Compiles {@code p} against {@code registry}, runs it with {@code run} (an engine's run, with the program's
     * limits and an event sink in the options) and checks the outcome and the printed output. Returns what two
     * engines must agree on: the value or errors, and the output.
     */
    public static String check(GoldenProgram p, ExternalRegistry registry, BiFunction<Program, RunOptions, RunResult> run) {
        Expectation expect = p.expect();
        Program program;
        try {
            program = StandardLanguage.compile(new Source(p.name(), p.text()), registry);
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
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        RunOptions options = RunOptions.defaults().withMaxSteps(expect.maxSteps()).withTimeout(expect.timeout())
                .withEvents(e -> {
                    if (Event.OUTPUT.equals(e.kind())) {
                        output.add(e.detail());
                    }
                });
        RunResult r = run.apply(program, options);
        if (expect.value() != null) {
            assertThat(r.ok()).as("run failed: " + r.display()).isTrue();
            assertThat(r.display()).isEqualTo(expect.value());
        } else {
            assertThat(r.ok()).as("expected an error but got " + r.display()).isFalse();
            assertThat(expect.errors()).as("a run-time error is one expectation").hasSize(1);
            expect.errors().get(0).check(r.error().span().toString(), r.error().span().line(), r.error().span().column(),
                    r.error().getMessage());
        }
        List<String> printed = List.copyOf(output);
        assertThat(printed).as("printed output").isEqualTo(expect.output());
        return r.display() + " printing " + printed;
    }
}
