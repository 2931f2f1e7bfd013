package dev.epic.pasta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.pasta.decode.Decoder;
import dev.epic.pasta.decode.PastaAnswer;
import dev.epic.pasta.decode.PastaInterpreter;
import dev.epic.pasta.decode.PastaSettings;
import dev.epic.pasta.parse.Flag;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Each policy for malformed or unexpected annotations, against a scripted model. */
class PastaPoliciesTest {
    static final String P = PastaInterpreterTest.P;
    static final PastaSettings SETTINGS = PastaSettings.defaults();

    private static PastaAnswer run(ScriptedModel model, PastaSettings settings) {
        CompletableFuture<PastaAnswer> answer = new PastaInterpreter(model, settings).answerPrompt(P).toCompletableFuture();
        model.run();
        assertThat(answer).isDone();
        return answer.join();
    }

    private static PastaAnswer run(Script s, PastaSettings settings) {
        return run(new ScriptedModel(s::respond, 3), settings);
    }

    @Test
    void aSyncWithNothingPromisedGoesStraightOn() {
        Script s = new Script(P, "A<sync/>B", List.of());
        ScriptedModel model = new ScriptedModel(s::respond, 3);
        PastaAnswer a = run(model, SETTINGS);
        assertThat(a.text()).isEqualTo("AB");
        assertThat(model.calls()).extracting(c -> c.decode.context()).containsExactly(P, P + "A<sync/>");
        assertThat(a.metrics().flags()).isEqualTo(Map.of(Flag.EMPTY_SYNC, 1));
    }

    @Test
    void aPromiseWithoutTokensIsDecodedWithTheDefaultBudget() {
        Script s = new Script(P, "x <promise topic=\"t\"/>.", List.of(" chunk"));
        ScriptedModel model = new ScriptedModel(s::respond, 3);
        PastaAnswer a = run(model, SETTINGS);
        assertThat(model.calls(Decoder.Role.ASYNC).get(0).decode.maxTokens()).isEqualTo(SETTINGS.chunkBudget(64));
        assertThat(a.text()).isEqualTo("x  chunk.");
        assertThat(a.chunks().get(0).hint()).isEqualTo(64);
        assertThat(a.metrics().flags()).isEqualTo(Map.of(Flag.PROMISE_WITHOUT_TOKENS, 1));
    }

    @Test
    void aChunkThatOverrunsItsBudgetIsClosedAndFlagged() {
        PastaSettings tight = SETTINGS.withBudget(1.0, 0, 1024, 4096);
        Script s = new Script(P, "x <promise topic=\"t\" tokens=\"2\"/> then <sync/> after", List.of(" far too long for two"));
        ScriptedModel model = new ScriptedModel(s::respond, 3);
        PastaAnswer a = run(model, tight);
        assertThat(model.calls(Decoder.Role.ASYNC).get(0).decode.maxTokens()).isEqualTo(2);
        assertThat(a.chunks().get(0).overran()).isTrue();
        assertThat(a.chunks().get(0).text()).isEqualTo(" far t");
        assertThat(model.calls(Decoder.Role.MAIN).get(1).decode.context())
                .isEqualTo(P + "x <promise topic=\"t\" tokens=\"2\"/><async> far t</async> then <sync/>");
        assertThat(a.text()).isEqualTo("x  far t then  after");
        assertThat(a.metrics().overran()).isEqualTo(1);
        assertThat(a.metrics().flags()).isEqualTo(Map.of(Flag.CHUNK_OVERRAN, 1));
    }

    @Test
    void theGlobalCapLeavesLatePromisesUndecoded() {
        // Cap 26, tokens of 3 characters: the first promise completes at main token 12 and its chunk gets the
        // 14 tokens left; it uses 4, and when the second promise completes (main token 22) nothing is left.
        PastaSettings capped = SETTINGS.withBudget(2.0, 16, 1024, 26);
        String main = "ab <promise topic=\"1\" tokens=\"3\"/><promise topic=\"2\" tokens=\"3\"/>";
        Script s = new Script(P, main, List.of(" one", " two"));
        ScriptedModel model = new ScriptedModel(s::respond, 3);
        PastaAnswer a = run(model, capped);
        assertThat(model.calls(Decoder.Role.ASYNC)).hasSize(1);
        assertThat(a.text()).isEqualTo("ab  one");
        assertThat(a.chunks().get(1).tokens()).isZero();
        assertThat(a.metrics().flags()).isEqualTo(Map.of(Flag.CHUNK_OVER_CAP, 1));
        assertThat(a.metrics().tokensDecoded()).isLessThanOrEqualTo(26);
    }

    @Test
    void aMainThreadThatUsesUpTheCapEndsTheAnswerAfterItsChunks() {
        PastaSettings capped = SETTINGS.withBudget(2.0, 0, 1024, 30);
        Script s = new Script(P, "ab <promise topic=\"1\" tokens=\"2\"/>" + " word".repeat(40), List.of(" one"));
        ScriptedModel model = new ScriptedModel(s::respond, 3);
        PastaAnswer a = run(model, capped);
        assertThat(a.metrics().flags()).containsEntry(Flag.MAIN_TRUNCATED, 1);
        assertThat(a.text()).startsWith("ab  one word");
        assertThat(model.calls(Decoder.Role.MAIN)).hasSize(1);
    }

    @Test
    void aPromiseInsideAChunkIsNotForked() {
        Script s = new Script(P, "x <promise topic=\"t\" tokens=\"9\"/> y", List.of(" in <promise topic=\"deeper\" tokens=\"5\"/>side<sync/>"));
        ScriptedModel model = new ScriptedModel(s::respond, 2);
        PastaAnswer a = run(model, SETTINGS);
        assertThat(model.calls(Decoder.Role.ASYNC)).hasSize(1);
        assertThat(a.text()).isEqualTo("x  in side y");
        assertThat(a.metrics().flags()).isEqualTo(Map.of(Flag.NESTED_PROMISE, 1, Flag.TAG_IN_CHUNK, 1));
    }

    @Test
    void textAfterAChunksCloseIsDiscarded() {
        Script s = new Script(P, "x <promise topic=\"t\" tokens=\"9\"/> y", List.of(" chunk</async> and more the server should not send"));
        ScriptedModel model = new ScriptedModel(d -> s.respond(d).replace("</async></async>", "</async>"), 3).ignoringStops();
        PastaAnswer a = run(model, SETTINGS);
        assertThat(a.text()).isEqualTo("x  chunk y");
        assertThat(a.chunks().get(0).text()).isEqualTo(" chunk");
        assertThat(a.metrics().flags()).isEqualTo(Map.of(Flag.TEXT_AFTER_CLOSE, 1));
    }

    @Test
    void textAfterASyncInTheSameStreamIsDiscardedAndDecodedAgainWithTheChunksInView() {
        Script s = new Script(P, "x <promise topic=\"t\" tokens=\"9\"/><sync/> after", List.of(" chunk"));
        ScriptedModel model = new ScriptedModel(s::respond, 3).ignoringStops();
        PastaAnswer a = run(model, SETTINGS);
        List<ScriptedModel.Call> mains = model.calls(Decoder.Role.MAIN);
        assertThat(mains).hasSize(2);
        assertThat(mains.get(1).decode.context()).isEqualTo(P + "x <promise topic=\"t\" tokens=\"9\"/><async> chunk</async><sync/>");
        assertThat(a.text()).isEqualTo("x  chunk after");
        assertThat(a.metrics().flags()).isEqualTo(Map.of(Flag.TEXT_AFTER_SYNC, 1));
    }

    @Test
    void aChunkThatEndsWithoutItsCloseIsTakenAsClosed() {
        Script s = new Script(P, "x <promise topic=\"t\" tokens=\"9\"/> y", List.of(" chunk"));
        ScriptedModel model = new ScriptedModel(d -> s.respond(d).replace("</async>", ""), 3);
        PastaAnswer a = run(model, SETTINGS);
        assertThat(a.text()).isEqualTo("x  chunk y");
        assertThat(a.metrics().flags()).isEqualTo(Map.of(Flag.CHUNK_UNCLOSED, 1));
    }

    @Test
    void aTagOpenAtTheEndOfTheAnswerStaysText() {
        Script s = new Script(P, "x <promise topic=\"t\" tokens=\"9\"/> y <promise topic=\"cut", List.of(" chunk"));
        PastaAnswer a = run(s, SETTINGS);
        assertThat(a.text()).isEqualTo("x  chunk y <promise topic=\"cut");
        assertThat(a.metrics().flags()).isEqualTo(Map.of(Flag.UNCLOSED_TAG, 1));
    }

    @Test
    void aMalformedPromiseIsTextAndForksNothing() {
        ScriptedModel model = new ScriptedModel(d -> d.context().equals(P) ? "a <promise topic=oops/> b" : null, 3);
        PastaAnswer a = run(model, SETTINGS);
        assertThat(a.text()).isEqualTo("a <promise topic=oops/> b");
        assertThat(model.calls()).hasSize(1);
        assertThat(a.metrics().flags()).isEqualTo(Map.of(Flag.MALFORMED_TAG, 1));
    }

    @Test
    void asyncTagsWrittenByTheMainThreadAreDroppedAndTheirTextKept() {
        ScriptedModel model = new ScriptedModel(d -> d.context().equals(P) ? "a <async>b</async> c <async>d" : null, 3);
        PastaAnswer a = run(model, SETTINGS);
        assertThat(a.text()).isEqualTo("a b c d");
        assertThat(a.metrics().flags()).isEqualTo(Map.of(Flag.STRAY_ASYNC_TAG, 3));
    }

    @Test
    void endlessSyncsStopAtTheRoundLimit() {
        ScriptedModel model = new ScriptedModel(d -> "again<sync/>", 3);
        PastaAnswer a = run(model, SETTINGS.withMaxRounds(5));
        assertThat(model.calls()).hasSize(5);
        assertThat(a.text()).isEqualTo("again".repeat(5));
        assertThat(a.metrics().flags()).isEqualTo(Map.of(Flag.EMPTY_SYNC, 5, Flag.ROUND_LIMIT, 1));
    }

    @Test
    void aFailedChunkFailsTheAnswerWithItsReason() {
        Decoder failing = new Decoder() {
            @Override
            public CompletionStage<Decoded> decode(Decode call, Consumer<String> onText) {
                if (call.role() == Role.ASYNC) {
                    return CompletableFuture.failedFuture(new IllegalStateException("model endpoint 'sim': 503 overloaded"));
                }
                onText.accept("x <promise topic=\"t\" tokens=\"3\"/>");
                return CompletableFuture.completedFuture(new Decoded("x <promise topic=\"t\" tokens=\"3\"/>", "stop"));
            }
        };
        CompletableFuture<PastaAnswer> answer = new PastaInterpreter(failing, SETTINGS).answerPrompt(P).toCompletableFuture();
        assertThat(answer).isCompletedExceptionally();
        Assertions.assertThatThrownBy(answer::join).isInstanceOf(CompletionException.class).hasMessageContaining("503 overloaded");
    }

    @Test
    void aServerThatDoesNotStreamStillGivesTheWholeAnswer() {
        Script s = new Script(P, "a <promise topic=\"t\" tokens=\"3\"/> b<sync/> c", List.of(" one"));
        Decoder whole = (call, onText) -> {
            String full = s.respond(call);
            int stop = -1;
            for (String st : call.stop()) {
                int i = full.indexOf(st);
                if (i >= 0) {
                    stop = i + st.length();
                }
            }
            return CompletableFuture.completedFuture(new Decoder.Decoded(stop < 0 ? full : full.substring(0, stop), "stop"));
        };
        PastaAnswer a = new PastaInterpreter(whole, SETTINGS).answerPrompt(P).toCompletableFuture().join();
        assertThat(a.text()).isEqualTo(s.plain());
    }
}
