package dev.epic.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.epic.engine.Engine;
import dev.epic.engine.RunHandle;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.SequentialEngine;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.syntax.CompileException;
import dev.epic.lang.syntax.Diagnostic;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.value.Value;
import dev.epic.runtime.OpportunisticEngine;
import dev.epic.spi.ExternalFunction;
import dev.epic.tools.ExternalRegistry;
import dev.epic.testing.RecordingTool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad programs get clear, positioned errors on both engines; nothing crashes or hangs. */
class BadInputTest {
    private static final OpportunisticEngine opportunistic = new OpportunisticEngine();

    @AfterAll
    static void close() {
        opportunistic.close();
    }

    static Stream<Engine> engines() {
        return Stream.of(new SequentialEngine(), opportunistic);
    }

    private static Program compile(String text) {
        return StandardLanguage.compile(new Source("bad.epic", text), ExternalRegistry.withDefaults());
    }

    private static List<Diagnostic> errorsOf(String text) {
        try {
            compile(text);
        } catch (CompileException e) {
            return e.diagnostics();
        }
        throw new AssertionError("expected compile errors");
    }

    @Test
    void parenthesesNestedAHundredThousandDeepAreAPositionedError() {
        String text = "(".repeat(100_000) + "1" + ")".repeat(100_000);
        List<Diagnostic> errors = errorsOf(text);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).message()).contains("nested too deeply");
        assertThat(errors.get(0).span().line()).isEqualTo(1);
        assertThat(errors.get(0).span().column()).isGreaterThan(1);
    }

    @Test
    void letsNestedAHundredThousandDeepAreAPositionedError() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            sb.append("let x").append(i).append(" = ").append(i).append(" in\n");
        }
        sb.append("x0");
        List<Diagnostic> errors = errorsOf(sb.toString());
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).message()).contains("nested too deeply");
        assertThat(errors.get(0).span().line()).isGreaterThan(1000);
    }

    @Test
    void aLongChainOfUnaryMinusIsAPositionedError() {
        assertThat(errorsOf("-".repeat(100_000) + "1").get(0).message()).contains("nested too deeply");
    }

    @Test
    void deeplyNestedListsAndFunctionsAreErrorsToo() {
        assertThat(errorsOf("[".repeat(100_000) + "]".repeat(100_000)).get(0).message()).contains("nested too deeply");
        assertThat(errorsOf("fun x -> ".repeat(100_000) + "x").get(0).message()).contains("nested too deeply");
    }

    @Test
    void nestingJustUnderTheLimitRuns() {
        String text = "(".repeat(5_000) + "1" + ")".repeat(5_000);
        RunResult r = new SequentialEngine().run(compile(text), RunOptions.defaults());
        assertThat(r.display()).isEqualTo("1");
    }

    @Test
    void aProgramOverTheSizeLimitIsRefusedClearly() {
        String text = "1 + " + " ".repeat(Language.MAX_PROGRAM_CHARS) + "1";
        assertThatThrownBy(() -> compile(text)).isInstanceOf(CompileException.class)
                .hasMessageContaining("the limit is " + Language.MAX_PROGRAM_CHARS);
    }

    @Test
    void aLargeProgramUnderTheLimitRuns() {
        StringBuilder sb = new StringBuilder("List.len [");
        for (int i = 0; i < 300_000; i++) {
            sb.append(i).append(", ");
        }
        sb.append("0]");
        assertThat(sb.length()).isGreaterThan(2_000_000);
        assertThat(new SequentialEngine().run(compile(sb.toString()), RunOptions.defaults()).display()).isEqualTo("300001");
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("engines")
    void aNonTerminatingProgramIsStoppedByTheStepLimit(Engine engine) {
        RunResult r = engine.run(compile("let rec loop n = loop (n + 1) in loop 0"), RunOptions.defaults().withMaxSteps(200_000));
        assertThat(r.ok()).isFalse();
        assertThat(r.error().kind()).isEqualTo(EvalError.Kind.STEP_LIMIT);
        assertThat(r.error().getMessage()).contains("step limit exceeded").contains("200000");
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("engines")
    void aNonTerminatingProgramIsStoppedByTheTimeout(Engine engine) {
        RunResult r = engine.run(compile("let rec loop n = loop (n + 1) in loop 0"),
                RunOptions.defaults().withMaxSteps(Long.MAX_VALUE).withTimeout(Duration.ofMillis(500)));
        assertThat(r.error().kind()).isEqualTo(EvalError.Kind.TIMEOUT);
        assertThat(r.error().getMessage()).startsWith("timed out after 0.500 s");
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("engines")
    void aRunningProgramCanBeCancelled(Engine engine) throws Exception {
        RecordingTool call = new RecordingTool("call");
        Program p = StandardLanguage.compile(new Source("cancel.epic", "call 1 + call 2"), ExternalRegistry.withDefaults().register(call));
        RunHandle h = engine.start(p, RunOptions.defaults());
        call.awaitOpen(1, Duration.ofSeconds(20));
        h.cancel();
        RunResult r = h.result().toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(r.error().kind()).isEqualTo(EvalError.Kind.CANCELLED);
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("engines")
    void aProgramCancelledAsSoonAsItStartsEndsCancelled(Engine engine) throws Exception {
        // The cancel may reach the job before the job has been told to start; it must still end, cancelled.
        for (int i = 0; i < 20; i++) {
            RunHandle h = engine.start(compile("let rec loop n = loop (n + 1) in loop 0"),
                    RunOptions.defaults().withMaxSteps(Long.MAX_VALUE));
            h.cancel();
            RunResult r = h.result().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertThat(r.error().kind()).isEqualTo(EvalError.Kind.CANCELLED);
        }
    }

    /** A tool that always fails. */
    static final class Broken implements ExternalFunction {
        public String name() {
            return "broken";
        }

        public int arity() {
            return 1;
        }

        public CompletionStage<Value> call(List<Value> args) {
            return CompletableFuture.failedFuture(new IllegalStateException("service unavailable"));
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("engines")
    void aFailingExternalFunctionIsAnErrorNamingIt(Engine engine) {
        Program p = StandardLanguage.compile(new Source("broken.epic", "let x = 1 in\nbroken x + 1"),
                ExternalRegistry.withDefaults().register(new Broken()));
        RunResult r = engine.run(p, RunOptions.defaults());
        assertThat(r.error().getMessage()).isEqualTo("external call broken failed: service unavailable");
        assertThat(r.error().span().lineColumn()).isEqualTo("2:1");
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("engines")
    void aValueNestedTooDeeplyToPrintIsAnErrorNotACrash(Engine engine) {
        RunResult r = engine.run(compile("fold(fun (x, acc) -> (x, acc), List.range(0, 300000), ())"), RunOptions.defaults());
        if (!r.ok()) {
            assertThat(r.error().getMessage()).contains("nested too deeply");
        }
    }

    @Test
    void everyErrorInAFileIsReportedAtOnce() {
        List<Diagnostic> errors = errorsOf("let a = (1 + in\nlet b = [1, 2 in\nlet c = \"bad \\q escape\" in\nd + e");
        assertThat(errors.size()).isGreaterThanOrEqualTo(3);
        assertThat(errors).extracting(d -> d.span().line()).contains(1, 3);
    }
}
