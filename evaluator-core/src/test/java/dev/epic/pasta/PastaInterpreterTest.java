package dev.epic.pasta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.model.sim.Tokenizer;
import dev.epic.pasta.decode.Decoder;
import dev.epic.pasta.decode.PastaAnswer;
import dev.epic.pasta.decode.PastaInterpreter;
import dev.epic.pasta.decode.PastaSettings;
import dev.epic.pasta.decode.StitchLayout;
import dev.epic.pasta.parse.Flag;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The interpreter against a scripted model stepped by the test: contexts, ordering, stitching, metrics. */
class PastaInterpreterTest {
    static final String P = "### Instruction:\nq\n### Response:\n";
    static final String PA = "<promise topic=\"a\" tokens=\"4\"/>";
    static final String PB = "<promise topic=\"b\" tokens=\"3\"/>";
    static final PastaSettings SETTINGS = PastaSettings.defaults();
    /** The scripted model's tokens are pieces of characters, not words: random scripts get ample budgets. */
    static final PastaSettings AMPLE = SETTINGS.withBudget(20, 100, 100_000, 1_000_000);

    private static PastaAnswer run(ScriptedModel model, PastaSettings settings, String prompt) {
        CompletableFuture<PastaAnswer> answer = new PastaInterpreter(model, settings).answerPrompt(prompt).toCompletableFuture();
        model.run();
        assertThat(answer).as("the answer is complete once the model is idle").isDone();
        return answer.join();
    }

    private static Script twoChunks() {
        return new Script(P, "Intro. " + PA + " and " + PB + "<sync/> Then end.", List.of(" alpha one two three four five six seven", " beta three"));
    }

    @Test
    void everyDecodeCallHasExactlyTheContextOfItsThread() {
        Script s = twoChunks();
        ScriptedModel model = new ScriptedModel(s::respond, 4);
        PastaAnswer a = run(model, SETTINGS, P);
        List<ScriptedModel.Call> calls = model.calls();
        // The main thread asks for half of what is left of the cap (main-share 0.5) and holds it; after the sync
        // what is left is the cap less every token decoded in the first round, main thread and chunks.
        int round1 = Tokenizer.count("Intro. " + PA + " and " + PB + "<sync/>")
                + Tokenizer.count(" alpha one two three four five six seven</async>") + Tokenizer.count(" beta three</async>");
        assertThat(calls).extracting(c -> c.decode).containsExactly(
                new Decoder.Decode(Decoder.Role.MAIN, -1, P, 2048, List.of("<sync/>", "<sync />", "<sync>")),
                new Decoder.Decode(Decoder.Role.ASYNC, 0, P + "Intro. " + PA + "<async>", 24, List.of("</async>")),
                new Decoder.Decode(Decoder.Role.ASYNC, 1, P + "Intro. " + PA + " and " + PB + "<async>", 22, List.of("</async>")),
                new Decoder.Decode(Decoder.Role.MAIN, -1, P + "Intro. " + PA + "<async> alpha one two three four five six seven</async> and " + PB
                        + "<async> beta three</async><sync/>", (4096 - round1) / 2, List.of("<sync/>", "<sync />", "<sync>")));
        assertThat(a.text()).isEqualTo("Intro.  alpha one two three four five six seven and  beta three Then end.").isEqualTo(s.plain());
        assertThat(a.chunks()).extracting(PastaAnswer.Chunk::topic).containsExactly("a", "b");
        assertThat(a.metrics().flags()).isEmpty();
    }

    @Test
    void theAppendedLayoutPutsTheRoundsChunksBeforeItsSync() {
        Script s = twoChunks();
        ScriptedModel model = new ScriptedModel(s::respond, 4);
        PastaAnswer a = run(model, SETTINGS.withLayout(StitchLayout.APPENDED), P);
        assertThat(model.calls(Decoder.Role.MAIN).get(1).decode.context())
                .isEqualTo(P + "Intro. " + PA + " and " + PB + "<async> alpha one two three four five six seven</async><async> beta three</async><sync/>");
        assertThat(a.text()).isEqualTo(s.plain());
    }

    @Test
    void chunksStartWhileTheMainThreadIsStillDecoding() {
        Script s = twoChunks();
        ScriptedModel model = new ScriptedModel(s::respond, 4);
        run(model, SETTINGS, P);
        ScriptedModel.Call main = model.calls(Decoder.Role.MAIN).get(0);
        for (ScriptedModel.Call chunk : model.calls(Decoder.Role.ASYNC)) {
            assertThat(chunk.arrivedAtStep).isLessThan(main.finishedAtStep);
        }
        assertThat(model.maxActive()).isEqualTo(3);
    }

    @Test
    void theMainThreadNeverSeesChunkTextBeforeItsSync() {
        for (long seed = 1; seed <= 40; seed++) {
            Script s = Script.random(seed, P);
            ScriptedModel model = new ScriptedModel(s::respond, 1 + (int) (seed % 5));
            run(model, AMPLE, P);
            List<ScriptedModel.Call> mains = model.calls(Decoder.Role.MAIN);
            List<ScriptedModel.Call> chunks = model.calls(Decoder.Role.ASYNC);
            for (int m = 0; m < mains.size(); m++) {
                ScriptedModel.Call main = mains.get(m);
                int syncsBefore = m;
                for (ScriptedModel.Call chunk : chunks) {
                    // A chunk's own context tells which round promised it: the syncs the main text had passed.
                    int round = countSyncs(chunk.decode.context());
                    boolean inView = main.decode.context().contains("<async>" + s.chunks().get(chunk.decode.chunk()) + "</async>");
                    assertThat(inView).as("seed %d, main decode %d, chunk %d", seed, m, chunk.decode.chunk()).isEqualTo(round < syncsBefore);
                    if (round < syncsBefore) {
                        assertThat(main.arrivedAtStep).isGreaterThanOrEqualTo(chunk.finishedAtStep);
                    }
                }
            }
        }
    }

    private static int countSyncs(String context) {
        String seen = context.replaceAll("(?s)<async>.*?</async>", "");
        int n = 0;
        for (int i = seen.indexOf("<sync/>"); i >= 0; i = seen.indexOf("<sync/>", i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void theStitchedAnswerIsTheSequentialAnswerInBothLayouts() {
        for (StitchLayout layout : StitchLayout.values()) {
            for (long seed = 1; seed <= 60; seed++) {
                Script s = Script.random(seed, P);
                PastaAnswer a = run(new ScriptedModel(s::respond, 1 + (int) (seed % 7)), AMPLE.withLayout(layout), P);
                assertThat(a.text()).as("seed %d, %s", seed, layout).isEqualTo(s.plain());
                assertThat(a.metrics().flags().keySet()).as("rounds without promises are empty syncs").isSubsetOf(Flag.EMPTY_SYNC);
            }
        }
    }

    @Test
    void criticalPathAndTotalTokensAreWhatTheEngineDid() {
        for (long seed = 1; seed <= 40; seed++) {
            Script s = Script.random(seed, P);
            ScriptedModel model = new ScriptedModel(s::respond, 0);
            PastaAnswer a = run(model, AMPLE, P);
            assertThat(a.metrics().criticalSteps()).as("seed %d", seed).isEqualTo(model.steps());
            assertThat(a.metrics().tokensDecoded()).isEqualTo(model.tokens());
            assertThat(a.metrics().rounds()).isEqualTo(model.calls(Decoder.Role.MAIN).size());
            assertThat(a.metrics().decodeCalls()).isEqualTo(model.calls().size());
            assertThat(a.metrics().promises()).isEqualTo(s.chunks().size());
        }
    }

    @Test
    void theSequentialDecodeIsOnePlainStream() throws Exception {
        Script s = twoChunks();
        String plainPrompt = SETTINGS.sequentialPrompt("q");
        ScriptedModel model = new ScriptedModel(d -> d.context().equals(plainPrompt) ? s.plain() : null, 1);
        var seq = new PastaInterpreter(model, SETTINGS).sequential("q").toCompletableFuture();
        model.run();
        assertThat(seq.get(1, TimeUnit.SECONDS).text()).isEqualTo(s.plain());
        assertThat(seq.get().tokens()).as("counted by the tokenizer, not by the deltas").isEqualTo(Tokenizer.count(s.plain()));
        assertThat(model.calls()).hasSize(1);
        assertThat(model.calls().get(0).decode.stop()).isEmpty();
    }

    @Test
    void tokensAreCountedTheSameHoweverTheServerCutsTheStream() {
        for (long seed = 1; seed <= 20; seed++) {
            Script s = Script.random(seed, P);
            ScriptedModel oneToken = new ScriptedModel(s::respond, 0);
            PastaAnswer byToken = run(oneToken, AMPLE, P);
            assertThat(byToken.metrics().tokensDecoded()).as("seed %d", seed).isEqualTo(oneToken.tokens());
            for (int k = 2; k <= 4; k++) {
                ScriptedModel several = ScriptedModel.tokensPerDelta(s::respond, k);
                PastaAnswer a = run(several, AMPLE, P);
                assertThat(a.metrics().tokensDecoded()).as("seed %d, %d tokens a delta", seed, k).isEqualTo(several.tokens())
                        .isEqualTo(byToken.metrics().tokensDecoded());
                assertThat(a.metrics().mainTokens()).isEqualTo(byToken.metrics().mainTokens());
                assertThat(a.text()).isEqualTo(s.plain());
            }
            PastaAnswer byPart = run(new ScriptedModel(s::respond, 3), AMPLE, P);
            assertThat(byPart.metrics().tokensDecoded()).as("seed %d, deltas that cut tokens", seed).isEqualTo(byToken.metrics().tokensDecoded());
        }
    }
}
