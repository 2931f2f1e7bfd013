package dev.epic.pasta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.model.sim.tasks.PastaAnnotator;
import dev.epic.pasta.decode.Decoder;
import dev.epic.pasta.decode.PastaAnswer;
import dev.epic.pasta.decode.PastaInterpreter;
import dev.epic.pasta.decode.PastaSettings;
import dev.epic.pasta.decode.StitchLayout;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The simulated annotating model, decoded by the interpreter on the scripted engine (tokens as the simulated engine's). */
class PastaAnnotatorTest {
    static final List<String> INSTRUCTIONS = List.of("Give five tips for better sleep.", "Explain how vaccines train the immune system.",
            "Compare renting and buying a home.", "Plan a three-day trip to Lisbon.", "Describe the water cycle.",
            "List ways to reduce food waste at home.", "Why do cities build ring roads?", "Suggest ideas for a rainy weekend.",
            "Compare Python and Java for beginners.", "Plan a week of simple vegetarian dinners.", "Explain compound interest.",
            "Give reasons to learn a second language.");
    private final PastaAnnotator model = new PastaAnnotator();

    private String respond(Decoder.Decode d) {
        return model.answer(d.context(), 0, 0).orElse(null);
    }

    private PastaAnswer run(String instruction, PastaSettings settings, ScriptedModel engine) {
        CompletableFuture<PastaAnswer> a = new PastaInterpreter(engine, settings).answer(instruction).toCompletableFuture();
        engine.run();
        assertThat(a).isDone();
        return a.join();
    }

    @Test
    void theStitchedAnswerIsThePlainAnswerInBothLayouts() {
        for (StitchLayout layout : StitchLayout.values()) {
            for (String instruction : INSTRUCTIONS) {
                PastaSettings s = PastaSettings.defaults().withLayout(layout);
                PastaAnswer a = run(instruction, s, new ScriptedModel(this::respond, 0));
                String plain = model.answer(s.sequentialPrompt(instruction), 0, 0).orElseThrow();
                assertThat(a.text()).as("%s (%s)", instruction, layout).isEqualTo(plain);
                assertThat(a.metrics().flags()).isEmpty();
                assertThat(a.metrics().sequentialTokens()).isEqualTo(ScriptedModel.split(plain, 0).size());
            }
        }
    }

    @Test
    void answersHaveSeveralShapesAndSyncRoundsAndChunksVaryAroundTheirHints() {
        Set<String> shapes = new HashSet<>();
        int multiRound = 0;
        double minRatio = Double.MAX_VALUE;
        double maxRatio = 0;
        for (String instruction : INSTRUCTIONS) {
            var plan = PastaAnnotator.AnnotatedPlan.of(instruction, 0);
            shapes.add(plan.shape());
            PastaAnswer a = run(instruction, PastaSettings.defaults(), new ScriptedModel(this::respond, 0));
            if (a.metrics().rounds() >= 3) {
                multiRound++;
            }
            for (PastaAnswer.Chunk c : a.chunks()) {
                double ratio = (double) c.tokens() / c.hint();
                minRatio = Math.min(minRatio, ratio);
                maxRatio = Math.max(maxRatio, ratio);
                assertThat(c.overran()).isFalse();
            }
        }
        assertThat(shapes).contains("list", "rounds", "comparison", "plan");
        assertThat(multiRound).isGreaterThanOrEqualTo(3);
        assertThat(minRatio).isLessThan(0.85);
        assertThat(maxRatio).isGreaterThan(1.15);
    }

    @Test
    void parallelDecodingTakesFewerStepsThanThePlainStream() {
        for (String instruction : INSTRUCTIONS) {
            ScriptedModel engine = new ScriptedModel(this::respond, 0);
            PastaAnswer a = run(instruction, PastaSettings.defaults(), engine);
            assertThat(a.metrics().criticalSteps()).isEqualTo(engine.steps());
            if (a.metrics().promises() > 1) {
                assertThat(a.metrics().speedup()).as(instruction).isGreaterThan(1.0);
            }
            assertThat(a.metrics().tokensDecoded()).as("tags cost tokens").isGreaterThan(a.metrics().sequentialTokens());
        }
    }

    @Test
    void answersAreDeterministicInTheInstructionAndSeed() {
        String i = INSTRUCTIONS.get(0);
        assertThat(PastaAnnotator.AnnotatedPlan.of(i, 0)).isEqualTo(PastaAnnotator.AnnotatedPlan.of(i, 0));
        assertThat(PastaAnnotator.AnnotatedPlan.of(i, 0)).isNotEqualTo(PastaAnnotator.AnnotatedPlan.of(i, 1));
        assertThat(model.answer("no instruction format here", 0, 0)).isEmpty();
    }
}
