package dev.epic.model.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The decoding model, observed through its request log. */
class SimEngineTest {
    private static SimSettings settings(SimSettings.Mode mode, int maxBatch) {
        return new SimSettings("sim", 25, 0.6, 0.05, maxBatch, mode, 0.02, 64, Optional.empty());
    }

    private static SimEngine.Request request(List<String> prompts, int n, int maxTokens) {
        return new SimEngine.Request(prompts, n, maxTokens, null, 0, null);
    }

    private static List<SimEngine.Result> runAll(SimEngine e, List<SimEngine.Request> requests) throws Exception {
        List<CompletableFuture<SimEngine.Result>> fs = new ArrayList<>();
        for (SimEngine.Request r : requests) {
            fs.add(e.submit(r, null));
        }
        List<SimEngine.Result> out = new ArrayList<>();
        for (CompletableFuture<SimEngine.Result> f : fs) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        return out;
    }

    private static List<SimEngine.Request> tenRequests() {
        List<SimEngine.Request> rs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rs.add(request(List.of("prompt " + i, "other " + i), 2, 12));
        }
        return rs;
    }

    @Test
    void staticBatchingRunsOneRequestAtATime() throws Exception {
        try (SimEngine e = new SimEngine(settings(SimSettings.Mode.STATIC, 64), List.of())) {
            runAll(e, tenRequests());
            List<RequestLog.Entry> log = e.log().entries();
            assertThat(log).hasSize(10);
            for (RequestLog.Entry a : log) {
                assertThat(a.maxBatch()).isEqualTo(4);
                for (RequestLog.Entry b : log) {
                    if (a != b) {
                        assertThat(a.overlaps(b)).as("%s and %s", a, b).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void continuousBatchingSharesStepsAndHoldsTheMaximumBatch() throws Exception {
        try (SimEngine e = new SimEngine(settings(SimSettings.Mode.CONTINUOUS, 16), List.of())) {
            runAll(e, tenRequests());
            List<RequestLog.Entry> log = e.log().entries();
            assertThat(log).allSatisfy(x -> assertThat(x.maxBatch()).isLessThanOrEqualTo(16));
            assertThat(log).anySatisfy(x -> assertThat(x.maxBatch()).isGreaterThan(4));
            assertThat(log.stream().filter(a -> log.stream().anyMatch(b -> a != b && a.overlaps(b))).count()).isGreaterThan(1);
        }
    }

    @Test
    void textIsDeterministicInPromptSeedAndChoice() throws Exception {
        try (SimEngine e = new SimEngine(settings(SimSettings.Mode.CONTINUOUS, 64), List.of())) {
            SimEngine.Result a = e.submit(new SimEngine.Request(List.of("same"), 2, 20, null, 5, null), null).get(30, TimeUnit.SECONDS);
            SimEngine.Result b = e.submit(new SimEngine.Request(List.of("same"), 2, 20, null, 5, null), null).get(30, TimeUnit.SECONDS);
            SimEngine.Result c = e.submit(new SimEngine.Request(List.of("same"), 2, 20, null, 6, null), null).get(30, TimeUnit.SECONDS);
            assertThat(a.sequences()).extracting(SimEngine.SequenceResult::text)
                    .isEqualTo(b.sequences().stream().map(SimEngine.SequenceResult::text).toList());
            assertThat(a.sequences().get(0).text()).isNotEqualTo(a.sequences().get(1).text());
            assertThat(a.sequences().get(0).text()).isNotEqualTo(c.sequences().get(0).text());
        }
    }

    @Test
    void maxTokensAndStopStringsEndASequence() throws Exception {
        ScriptedRules rules = new ScriptedRules(List.of(new ScriptedRules.Rule(Pattern.compile("count"), "one two three four five")));
        try (SimEngine e = new SimEngine(settings(SimSettings.Mode.CONTINUOUS, 64), List.of(rules))) {
            SimEngine.SequenceResult length = e.submit(request(List.of("count"), 1, 2), null).get(30, TimeUnit.SECONDS).sequences().get(0);
            assertThat(length.text()).isEqualTo("one two");
            assertThat(length.finishReason()).isEqualTo("length");
            SimEngine.SequenceResult stopped = e.submit(new SimEngine.Request(List.of("count"), 1, 50, List.of(" four"), 0, null), null)
                    .get(30, TimeUnit.SECONDS).sequences().get(0);
            assertThat(stopped.text()).isEqualTo("one two three");
            assertThat(stopped.finishReason()).isEqualTo("stop");
            SimEngine.SequenceResult whole = e.submit(request(List.of("count"), 1, 50), null).get(30, TimeUnit.SECONDS).sequences().get(0);
            assertThat(whole.text()).isEqualTo("one two three four five");
            assertThat(whole.finishReason()).isEqualTo("stop");
        }
    }

    @Test
    void listenersSeeEveryTokenAndAlternativesIncludeTheChosenToken() throws Exception {
        try (SimEngine e = new SimEngine(settings(SimSettings.Mode.CONTINUOUS, 64), List.of())) {
            StringBuilder seen = new StringBuilder();
            List<List<SimEngine.Alternative>> alts = new ArrayList<>();
            SimEngine.Result r = e.submit(new SimEngine.Request(List.of("hello"), 1, 8, null, 0, 4), (i, tok, a) -> {
                seen.append(tok);
                alts.add(a);
            }).get(30, TimeUnit.SECONDS);
            assertThat(seen.toString()).isEqualTo(r.sequences().get(0).text());
            assertThat(alts).allSatisfy(a -> {
                assertThat(a).hasSize(4);
                double mass = a.stream().mapToDouble(x -> Math.exp(x.logprob())).sum();
                assertThat(mass).isLessThanOrEqualTo(1.0);
                assertThat(a.get(0).logprob()).isGreaterThan(a.get(1).logprob());
            });
        }
    }
}
