package dev.epic.pasta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.pasta.decode.Decoder;
import dev.epic.pasta.decode.PastaAnswer;
import dev.epic.pasta.decode.PastaInterpreter;
import dev.epic.pasta.decode.PastaSettings;
import dev.epic.pasta.parse.Flag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        // Cap 26, the model's tokens are the tokenizer's: the main decode holds 13 (main-share 0.5); the first
        // promise completes at main token 6 and its chunk gets the 13 left (2 × 3 + 16 wanted). When the second
        // completes (main token 11) the main decode and the first chunk, still running, hold all the rest.
        PastaSettings capped = SETTINGS.withBudget(2.0, 16, 1024, 26);
        String main = "ab <promise topic=\"1\" tokens=\"3\"/><promise topic=\"2\" tokens=\"3\"/>";
        Script s = new Script(P, main, List.of(Script.words(new Random(1), 20), " two"));
        ScriptedModel model = new ScriptedModel(s::respond, 0);
        PastaAnswer a = run(model, capped);
        assertThat(model.calls(Decoder.Role.MAIN).get(0).decode.maxTokens()).isEqualTo(13);
        assertThat(model.calls(Decoder.Role.ASYNC)).extracting(c -> c.decode.maxTokens()).containsExactly(13);
        assertThat(a.chunks().get(0).tokens()).isEqualTo(13);
        assertThat(a.chunks().get(1).tokens()).isZero();
        assertThat(a.metrics().flags()).isEqualTo(Map.of(Flag.CHUNK_OVER_CAP, 1, Flag.CHUNK_OVERRAN, 1));
        assertThat(a.metrics().tokensDecoded()).isLessThanOrEqualTo(26);
    }

    @Test
    void theMainDecodeAndItsChunksTogetherStayWithinTheCap() {
        // Chunks run while the main thread decodes on towards the cap: every decode holds its max_tokens until it
        // ends, so at no step do the decodes in flight ask for more than the cap, and the engine decodes no more.
        PastaSettings capped = SETTINGS.withBudget(1.0, 2, 1024, 30);
        String main = "Intro <promise topic=\"1\" tokens=\"4\"/> and <promise topic=\"2\" tokens=\"4\"/>" + " word".repeat(40);
        Script s = new Script(P, main, List.of(" one two three four", " five six seven eight"));
        ScriptedModel model = new ScriptedModel(s::respond, 0);
        PastaAnswer a = run(model, capped);
        assertThat(model.calls(Decoder.Role.ASYNC)).as("both chunks ran").hasSize(2);
        assertThat(model.tokens()).as("tokens the engine decoded").isLessThanOrEqualTo(30);
        assertThat(a.metrics().tokensDecoded()).isEqualTo(model.tokens());
        for (int step = 0; step <= model.steps(); step++) {
            int t = step;
            int asked = model.calls().stream().filter(c -> c.arrivedAtStep <= t && c.finishedAtStep > t).mapToInt(c -> c.decode.maxTokens()).sum();
            assertThat(asked).as("max_tokens in flight at step %d", step).isLessThanOrEqualTo(30);
        }
        assertThat(a.metrics().flags()).containsEntry(Flag.MAIN_TRUNCATED, 1);
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

    /** A decoder whose calls the test completes by hand; it records every call and the future it handed out. */
    static final class ManualDecoder implements Decoder {
        final List<Decode> calls = new ArrayList<>();
        final List<CompletableFuture<Decoded>> results = new ArrayList<>();
        final List<Consumer<String>> streams = new ArrayList<>();

        @Override
        public synchronized CompletionStage<Decoded> decode(Decode call, Consumer<String> onText) {
            calls.add(call);
            streams.add(onText);
            CompletableFuture<Decoded> f = new CompletableFuture<>();
            results.add(f);
            return f;
        }
    }

    @Test
    void aFailedChunkAbandonsTheMainDecodeAndItsSiblings() {
        ManualDecoder d = new ManualDecoder();
        CompletableFuture<PastaAnswer> answer = new PastaInterpreter(d, SETTINGS).answerPrompt(P).toCompletableFuture();
        d.streams.get(0).accept("x <promise topic=\"a\" tokens=\"3\"/>");
        d.streams.get(0).accept(" y <promise topic=\"b\" tokens=\"3\"/>");
        assertThat(d.calls).extracting(Decoder.Decode::role).containsExactly(Decoder.Role.MAIN, Decoder.Role.ASYNC, Decoder.Role.ASYNC);
        d.results.get(1).completeExceptionally(new IllegalStateException("model endpoint 'sim': 503 overloaded"));
        assertThat(answer).isCompletedExceptionally();
        assertThat(d.results.get(0)).as("the main decode").isCancelled();
        assertThat(d.results.get(2)).as("the sibling chunk").isCancelled();
        // What the abandoned decodes still send is ignored: no new chunk, no second outcome.
        d.streams.get(0).accept(" z <promise topic=\"c\" tokens=\"3\"/>");
        d.streams.get(2).accept(" late text");
        assertThat(d.calls).hasSize(3);
        Assertions.assertThatThrownBy(answer::join).hasMessageContaining("503 overloaded");
    }

    @Test
    void aDecoderThatThrowsOnTheSecondMainDecodeFailsTheAnswer() {
        Script s = new Script(P, "a <promise topic=\"t\" tokens=\"3\"/> b<sync/> c", List.of(" one"));
        ScriptedModel inner = new ScriptedModel(s::respond, 3);
        int[] mains = {0};
        Decoder throwing = (call, onText) -> {
            if (call.role() == Decoder.Role.MAIN && ++mains[0] == 2) {
                throw new IllegalStateException("decoder broke");
            }
            return inner.decode(call, onText);
        };
        CompletableFuture<PastaAnswer> answer = new PastaInterpreter(throwing, SETTINGS).answerPrompt(P).toCompletableFuture();
        inner.run();
        assertThat(answer).as("the answer does not hang").isCompletedExceptionally();
        Assertions.assertThatThrownBy(answer::join).hasMessageContaining("decoder broke");
    }

    @Test
    void aResultTheRunCannotReadFailsTheAnswerInsteadOfHanging() {
        Decoder broken = (call, onText) -> CompletableFuture.completedFuture(new Decoder.Decoded(null, "stop"));
        CompletableFuture<PastaAnswer> answer = new PastaInterpreter(broken, SETTINGS).answerPrompt(P).toCompletableFuture();
        assertThat(answer).isCompletedExceptionally();
        Assertions.assertThatThrownBy(answer::join).hasCauseInstanceOf(NullPointerException.class);
    }

    @Test
    void anAnswerThatNeverEndsFailsAtTheTimeout() throws Exception {
        Script s = new Script(P, "a <promise topic=\"t\" tokens=\"3\"/> b", List.of(" one"));
        ScriptedModel stalled = new ScriptedModel(s::respond, 3);
        CompletableFuture<PastaAnswer> answer = new PastaInterpreter(stalled, SETTINGS.withTimeout(Duration.ofMillis(50))).answerPrompt(P)
                .toCompletableFuture();
        // The model is never stepped: only the timeout can end the answer.
        Assertions.assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class).hasMessageContaining("epic.pasta.timeout");
        assertThat(stalled.calls().get(0).result).as("the main decode is abandoned").isCancelled();
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
