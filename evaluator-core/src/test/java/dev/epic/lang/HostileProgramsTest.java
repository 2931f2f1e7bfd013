package dev.epic.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.engine.Engine;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.SequentialEngine;
import dev.epic.lang.builtins.CoreModule;
import dev.epic.lang.compile.Globals;
import dev.epic.lang.compile.Program;
import dev.epic.lang.eval.Builtin;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.Frame;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.runtime.OpportunisticEngine;
import dev.epic.spi.ExternalFunction;
import dev.epic.tools.ExternalRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Programs written to hurt the process — to exhaust its heap, its stack, its patience, or to crash the runtime —
 * end as the job's own clear error, positioned in the program, on both engines, within seconds; the JVM running
 * them goes on. Budgets here are 16 MiB a job; the forked-JVM test in the command line's module shows the same
 * cases inside a 256 MiB heap.
 */
class HostileProgramsTest {
    private static final OpportunisticEngine opportunistic = new OpportunisticEngine();
    private static final long BUDGET = 16L << 20;

    @AfterAll
    static void close() {
        opportunistic.close();
    }

    /** The hostile programs, each with what its error must say; the same list runs on the gateway and in a small heap. */
    /** The cases, shared with the gateway's hostile suite: name, the kind of error, the program. */
    static final List<String[]> CASES = read();

    static List<String[]> read() {
        try (var in = HostileProgramsTest.class.getResourceAsStream("/hostile-programs.tsv")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> {
                        String[] f = l.split("\t", 3);
                        return new String[] {f[0], f[2], f[1]};
                    })
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }


    static Stream<Arguments> cases() {
        return Stream.of(new SequentialEngine(), opportunistic)
                .flatMap(e -> CASES.stream().map(c -> Arguments.of(e.name(), c[0], c[1], c[2], e)));
    }

    /** A plugin function that throws instead of answering. */
    static final class Throws implements ExternalFunction {
        public String name() {
            return "Hostile.throws";
        }

        public int arity() {
            return 1;
        }

        public CompletionStage<Value> call(List<Value> args) {
            throw new IllegalStateException("the plugin broke");
        }
    }

    /** A plugin function that throws a Java Error. */
    static final class Errors implements ExternalFunction {
        public String name() {
            return "Hostile.errors";
        }

        public int arity() {
            return 1;
        }

        public CompletionStage<Value> call(List<Value> args) {
            throw new AssertionError("the plugin's assertion failed");
        }
    }

    /** A language module with a builtin that pushes a frame with a bug in it: an injected fault of the evaluator. */
    static final LanguageModule BAD_FRAME = new LanguageModule() {
        public String name() {
            return "hostile";
        }

        public void defineNatives(Globals g) {
            g.define("Hostile.bad_frame", new Builtin("Hostile.bad_frame", 1, Builtin.Strictness.SHALLOW) {
                @Override
                protected void invoke(Machine m, Value[] args, Span site) {
                    m.push(new Frame() {
                        @Override
                        public void resume(Machine machine, Value v) {
                            Object nothing = null;
                            nothing.hashCode();
                        }
                    });
                    m.ret(args[0]);
                }
            });
        }
    };

    private static final Language LANGUAGE = new Language(List.of(CoreModule.INSTANCE, BAD_FRAME));

    static Program compile(String text) {
        ExternalRegistry registry = ExternalRegistry.withDefaults().register(new Throws()).register(new Errors());
        return LANGUAGE.compile(new Source("hostile.epic", text), registry.functions());
    }

    // The engines are shared by every case (and closed once, after all): not closed after each as arguments.
    @ParameterizedTest(name = "{0}: {1}", autoCloseArguments = false)
    @MethodSource("cases")
    void endsAsTheJobsOwnErrorWithinSeconds(String engineName, String name, String program, String kind, Engine engine) {
        long start = System.nanoTime();
        RunResult r = engine.run(compile(program), RunOptions.defaults().withTimeout(Duration.ofSeconds(60)).withMaxMemory(BUDGET));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(r.ok()).as(name + " gave " + (r.ok() ? Values.preview(r.value(), 100) : "")).isFalse();
        EvalError e = r.error();
        assertThat(e.kind()).as(e.format()).isEqualTo(EvalError.Kind.valueOf(kind));
        assertThat(e.span().file()).as("positioned in the program: " + e.format()).isEqualTo("hostile.epic");
        assertThat(e.span().line()).isPositive();
        assertThat(e.getMessage()).doesNotContain("Exception").doesNotContain("java.");
        assertThat(seconds).as("ended within 30 s").isLessThanOrEqualTo(30);
        // The process goes on: the same engine still runs an ordinary program.
        assertThat(engine.run(compile("List.len (List.range(0, 1000))"), RunOptions.defaults()).display()).isEqualTo("1000");
    }
}
