package dev.epic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.lang.eval.EvalError;
import dev.epic.lang.syntax.Span;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory budget bounds real heap use: one JVM with a 256 MiB heap runs every hostile program of the shared suite
 * through {@code epic run} on both engines, with the default limits, and survives them all — each one a positioned
 * error with exit status 1, and an ordinary program still runs after them.
 */
class SmallHeapTest {
    @TempDir
    Path dir;

    /** Runs in the forked JVM: each program file given, on each engine; prints one line per run; exits 0 if it lived. */
    public static void main(String[] files) {
        for (String file : files) {
            for (String engine : List.of("opportunistic", "sequential")) {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                long start = System.nanoTime();
                int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "run", file, "--engine", engine,
                        "--timeout", "120");
                String first = err.toString().lines().findFirst().orElse(out.toString().strip());
                System.out.println(code + "\t" + engine + "\t" + (System.nanoTime() - start) / 1_000_000 + "\t" + first);
            }
        }
        System.exit(0);
    }

    @Test
    void everyHostileProgramEndsAsItsOwnErrorInA256MiBHeap() throws Exception {
        List<String> args = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("../evaluator-core/src/test/resources/hostile-programs.tsv"))) {
            String[] f = line.split("\t", 3);
            if (line.isBlank() || line.startsWith("#") || !f[1].equals("MEMORY")) {
                continue;
            }
            Path p = dir.resolve("case" + args.size() + ".epic");
            Files.writeString(p, f[2]);
            args.add(p.toString());
        }
        Path ordinary = dir.resolve("ordinary.epic");
        Files.writeString(ordinary, "List.len (List.map (fun x -> x * 2) (List.range(0, 100000)))");
        args.add(ordinary.toString());

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), SmallHeapTest.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        boolean ended;
        try (var in = process.getInputStream()) {
            ended = process.waitFor(12, TimeUnit.MINUTES);
            output = ended ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : "";
        } finally {
            process.destroyForcibly();
        }
        assertThat(ended).as("the forked JVM finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<String> runs = output.lines().filter(l -> l.matches("\\d+\t.*")).toList();
        assertThat(runs).as(output).hasSize(args.size() * 2);
        for (int i = 0; i < runs.size(); i++) {
            String[] r = runs.get(i).split("\t", 4);
            String file = args.get(i / 2);
            if (file.equals(ordinary.toString())) {
                assertThat(r[0]).as(runs.get(i)).isEqualTo("0");
                assertThat(r[3]).isEqualTo("100000");
            } else {
                assertThat(r[0]).as(runs.get(i)).isEqualTo("1");
                assertThat(r[3]).as(runs.get(i)).startsWith(file + ":").contains(": error: ")
                        .doesNotContain("Exception").doesNotContain("java.");
            }
        }
        assertThat(output).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
    }

    @Test
    void aFaultInEpicGoesToTheLogFileWithItsStackTraceAndTheTerminalGetsOneLine() throws IOException {
        Path log = dir.resolve("logs/epic-internal.log");
        EvalError e = new EvalError(EvalError.Kind.INTERNAL, "internal error", new Span("p.epic", 3, 7), null,
                new IllegalStateException("a frame broke"));
        String line = InternalLog.record(e, "p.epic", log);
        assertThat(line).contains("fault in EPIC").contains(log.toString()).doesNotContain("IllegalStateException");
        assertThat(Files.readString(log)).contains("p.epic:3:7: error: internal error")
                .contains("IllegalStateException: a frame broke").contains("\tat ");
        assertThat(InternalLog.record(new EvalError(EvalError.Kind.ERROR, "division by zero", new Span("p.epic", 1, 1), null),
                "p.epic", log)).isNull();
    }
}
