package dev.epic.pasta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.SequentialEngine;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.value.Value;
import dev.epic.model.sim.tasks.PastaAnnotator;
import dev.epic.pasta.decode.ModelServiceDecoder;
import dev.epic.pasta.decode.PastaAnswer;
import dev.epic.pasta.decode.PastaInterpreter;
import dev.epic.pasta.decode.PastaRecorder;
import dev.epic.pasta.decode.PastaSettings;
import dev.epic.pasta.lang.PastaFunctions;
import dev.epic.runtime.OpportunisticEngine;
import dev.epic.tools.ExternalRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code pasta} and {@code pasta_with} in programs, on both engines, against the simulated annotating model. */
class PastaFunctionsTest {
    private static SimFixture sim;
    private final PastaRecorder recorder = new PastaRecorder();

    @BeforeAll
    static void start() {
        sim = new SimFixture("pasta-functions-test", 1);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private RunResult run(String text, boolean sequential) {
        Program p = StandardLanguage.compile(new Source("pasta.epic", text),
                PastaFunctions.register(ExternalRegistry.withDefaults(), sim.models::service, PastaSettings.defaults(), recorder));
        return (sequential ? new SequentialEngine() : new OpportunisticEngine(sim.system)).run(p, RunOptions.defaults());
    }

    private static String plain(String instruction) {
        return PastaAnnotator.AnnotatedPlan.of(instruction, 0).plain();
    }

    @Test
    void pastaReturnsTheStitchedAnswerOnBothEngines() {
        for (boolean sequential : new boolean[] {true, false}) {
            RunResult r = run("pasta \"Give five tips for better sleep.\"", sequential);
            assertThat(r.ok()).as(r.display()).isTrue();
            assertThat(r.value()).isEqualTo(new Value.Str(plain("Give five tips for better sleep.")));
        }
        assertThat(recorder.summary().answers()).isEqualTo(2);
        assertThat(recorder.summary().speedup()).isGreaterThan(1.0);
    }

    @Test
    void independentPastaCallsRunTogether() {
        RunResult r = run("let a = pasta \"Describe the water cycle.\" in let b = pasta \"Compare renting and buying a home.\" in (a, b)", false);
        assertThat(r.ok()).as(r.display()).isTrue();
        assertThat(r.stats().maxInFlight()).isEqualTo(2);
        assertThat(r.display()).contains(plain("Describe the water cycle.").substring(0, 20));
    }

    @Test
    void pastaWithDetailsGivesTheMetrics() {
        RunResult r = run("let d = pasta_with {details = true; layout = \"appended\"; budget_factor = 3} \"Plan a three-day trip to Lisbon.\" in "
                + "(d.answer, d.critical_steps < d.sequential_tokens, d.tokens_decoded > d.sequential_tokens, d.rounds, List.length d.chunks)", true);
        assertThat(r.ok()).as(r.display()).isTrue();
        var plan = PastaAnnotator.AnnotatedPlan.of("Plan a three-day trip to Lisbon.", 0);
        assertThat(r.display()).startsWith("(\"" + plan.plain().substring(0, 10)).endsWith(", true, true, 3, " + plan.chunks().size() + ")");
    }

    @Test
    void badArgumentsAreClearErrors() {
        assertThat(run("pasta 3", true).display()).contains("pasta expects an instruction string but got 3");
        assertThat(run("pasta_with {colour = 1} \"x\"", true).display()).contains("pasta_with: unknown option 'colour'");
        assertThat(run("pasta_with {layout = \"sideways\"} \"x\"", true).display()).contains("'layout' must be \"inline\" or \"appended\"");
        assertThat(run("pasta_with {max_tokens = 0} \"x\"", true).display()).contains("'max_tokens' must be an integer from 1");
        assertThat(run("pasta_with {model = \"nowhere\"} \"x\"", true).display()).contains("no model endpoint named 'nowhere'");
    }

    private static PastaInterpreter pasta() {
        return new PastaInterpreter(
                new ModelServiceDecoder(sim.models.service(), PastaSettings.defaults()), PastaSettings.defaults());
    }

    @Test
    void theStitchedAnswerIsTheSequentialDecodeOfTheSameAnswer() throws Exception {
        for (String instruction : List.of("Explain how vaccines train the immune system.", "Compare renting and buying a home.",
                "Plan a three-day trip to Lisbon.")) {
            PastaAnswer a = pasta().answer(instruction).toCompletableFuture().get(60, TimeUnit.SECONDS);
            PastaInterpreter.Sequential s = pasta().sequential(instruction).toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertThat(a.text()).as(instruction).isEqualTo(s.text());
            assertThat(a.metrics().sequentialTokens()).isEqualTo(s.tokens());
            assertThat(a.metrics().rounds()).isGreaterThanOrEqualTo(2);
        }
    }
}
