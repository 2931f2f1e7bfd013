package dev.epic.model.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.epic.model.GenParams;
import dev.epic.model.ModelCall;
import dev.epic.model.endpoint.Capabilities;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.endpoint.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BatcherTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static EndpointSettings endpoint(Duration window, int maxBatch, int maxInFlight, int attempts, Duration timeout) {
        return new EndpointSettings("fake-endpoint", "http://127.0.0.1:9", "m", "", Capabilities.VLLM, window, maxBatch,
                maxInFlight, timeout, new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofMillis(50), 0.2), false);
    }

    private static ModelCall call(String prompt) {
        return new ModelCall(prompt, GenParams.defaults(), null);
    }

    private static BatcherStats stats(ActorRef<Batcher.Command> b) {
        TestProbe<BatcherStats> probe = testKit.createTestProbe();
        b.tell(new Batcher.GetStats(probe.getRef()));
        return probe.expectMessageClass(BatcherStats.class, WAIT);
    }

    @Test
    void callsInOneWindowGoOutAsOneRequestOfPrompts() {
        FakeTransport fake = new FakeTransport();
        ActorRef<Batcher.Command> b = testKit.spawn(Batcher.create(endpoint(Duration.ofSeconds(30), 10, 4, 1, Duration.ofSeconds(10)), fake));
        TestProbe<Batcher.Reply> probe = testKit.createTestProbe();
        for (int i = 0; i < 10; i++) {
            b.tell(new Batcher.Submit(call("p" + i), probe.getRef()));
        }
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(probe.expectMessageClass(Batcher.Answered.class, WAIT).result().text());
        }
        assertThat(fake.requests).hasSize(1);
        assertThat(fake.requests.get(0).prompts()).hasSize(10);
        assertThat(answers).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, 10).mapToObj(i -> FakeTransport.answerTo("p" + i, 0)).toList());
        assertThat(stats(b).batchSizes()).isEqualTo(Map.of(10, 1L));
    }

    @Test
    void aCallThatFindsTheEndpointIdleGoesOutAtOnceAndTheRestAreBatched() {
        FakeTransport fake = new FakeTransport().answerAfter(200);
        EndpointSettings idleFlush = endpoint(Duration.ofMinutes(5), 9, 4, 1, Duration.ofSeconds(10)).withFlushWhenIdle(true);
        ActorRef<Batcher.Command> b = testKit.spawn(Batcher.create(idleFlush, fake));
        TestProbe<Batcher.Reply> probe = testKit.createTestProbe();
        for (int i = 0; i < 10; i++) {
            b.tell(new Batcher.Submit(call("i" + i), probe.getRef()));
        }
        for (int i = 0; i < 10; i++) {
            probe.expectMessageClass(Batcher.Answered.class, WAIT);
        }
        // The five-minute window was never waited for: the first call went alone, the other nine filled a batch.
        assertThat(fake.requests).extracting(r -> r.prompts().size()).containsExactly(1, 9);
    }

    @Test
    void theWindowTimerSendsAPartialBatch() {
        FakeTransport fake = new FakeTransport();
        ActorRef<Batcher.Command> b = testKit.spawn(Batcher.create(endpoint(Duration.ofMillis(100), 64, 4, 1, Duration.ofSeconds(10)), fake));
        TestProbe<Batcher.Reply> probe = testKit.createTestProbe();
        for (int i = 0; i < 3; i++) {
            b.tell(new Batcher.Submit(call("q" + i), probe.getRef()));
        }
        for (int i = 0; i < 3; i++) {
            probe.expectMessageClass(Batcher.Answered.class, WAIT);
        }
        assertThat(fake.requests).hasSize(1);
        assertThat(fake.requests.get(0).prompts()).containsExactly("q0", "q1", "q2");
    }

    /** A window clock the test advances: it records what was scheduled and runs an action when told to. */
    private static final class HandClock implements WindowClock {
        final List<Duration> delays = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Runnable> actions = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Boolean> cancelled = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Scheduled schedule(Duration delay, Runnable action) {
            int i = actions.size();
            delays.add(delay);
            actions.add(action);
            cancelled.add(false);
            return () -> cancelled.set(i, true);
        }
    }

    /** A batcher with a 5 ms window ended by {@code clock}. */
    private static ActorRef<Batcher.Command> withClock(int maxBatch, FakeTransport fake, HandClock clock) {
        return testKit.spawn(Batcher.create(endpoint(Duration.ofMillis(5), maxBatch, 4, 1, Duration.ofSeconds(10)), fake, clock));
    }

    @Test
    void aWindowLastsUntilItsClockEndsItAndThenGoesOutWhole() {
        FakeTransport fake = new FakeTransport();
        HandClock clock = new HandClock();
        ActorRef<Batcher.Command> b = withClock(64, fake, clock);
        TestProbe<Batcher.Reply> probe = testKit.createTestProbe();
        b.tell(new Batcher.Submit(call("w0"), probe.getRef()));
        b.tell(new Batcher.Submit(call("w1"), probe.getRef()));
        BatcherStats before = stats(b);
        assertThat(before.calls()).isEqualTo(2);
        assertThat(before.requests()).isZero();
        // One window, timed by the window clock (not the actor scheduler, whose ticks are longer than the window).
        assertThat(clock.delays).containsExactly(Duration.ofMillis(5));
        clock.actions.get(0).run();
        probe.expectMessageClass(Batcher.Answered.class, WAIT);
        probe.expectMessageClass(Batcher.Answered.class, WAIT);
        assertThat(fake.requests).extracting(r -> r.prompts()).containsExactly(List.of("w0", "w1"));
    }

    @Test
    void aWindowSentEarlyCallsOffItsEndAndALateEndDoesNotCutTheNextWindowShort() {
        FakeTransport fake = new FakeTransport();
        HandClock clock = new HandClock();
        ActorRef<Batcher.Command> b = withClock(2, fake, clock);
        TestProbe<Batcher.Reply> probe = testKit.createTestProbe();
        b.tell(new Batcher.Submit(call("f0"), probe.getRef()));
        b.tell(new Batcher.Submit(call("f1"), probe.getRef()));
        probe.expectMessageClass(Batcher.Answered.class, WAIT);
        probe.expectMessageClass(Batcher.Answered.class, WAIT);
        // Full at two: sent without waiting, and its end called off.
        assertThat(clock.cancelled).containsExactly(true);
        b.tell(new Batcher.Submit(call("f2"), probe.getRef()));
        assertThat(stats(b).calls()).isEqualTo(3);
        // The first window's end arrives anyway (it raced the cancel): the new window keeps waiting.
        clock.actions.get(0).run();
        assertThat(stats(b).requests()).isEqualTo(1);
        clock.actions.get(1).run();
        probe.expectMessageClass(Batcher.Answered.class, WAIT);
        assertThat(fake.requests).extracting(r -> r.prompts()).containsExactly(List.of("f0", "f1"), List.of("f2"));
    }

    @Test
    void callsWithDifferentParametersAreNotMixedAndChoicesAreMatchedByIndex() {
        FakeTransport fake = new FakeTransport();
        ActorRef<Batcher.Command> b = testKit.spawn(Batcher.create(endpoint(Duration.ofMillis(100), 64, 4, 1, Duration.ofSeconds(10)), fake));
        TestProbe<Batcher.Reply> one = testKit.createTestProbe();
        TestProbe<Batcher.Reply> two = testKit.createTestProbe();
        TestProbe<Batcher.Reply> three = testKit.createTestProbe();
        b.tell(new Batcher.Submit(new ModelCall("a", GenParams.defaults().withN(3), null), one.getRef()));
        b.tell(new Batcher.Submit(new ModelCall("b", GenParams.defaults().withN(3), null), two.getRef()));
        b.tell(new Batcher.Submit(call("c"), three.getRef()));
        var a = one.expectMessageClass(Batcher.Answered.class, WAIT).result();
        var bb = two.expectMessageClass(Batcher.Answered.class, WAIT).result();
        var c = three.expectMessageClass(Batcher.Answered.class, WAIT).result();
        assertThat(a.choices()).extracting(ch -> ch.text())
                .containsExactly(FakeTransport.answerTo("a", 0), FakeTransport.answerTo("a", 1), FakeTransport.answerTo("a", 2));
        assertThat(bb.choices()).extracting(ch -> ch.text())
                .containsExactly(FakeTransport.answerTo("b", 0), FakeTransport.answerTo("b", 1), FakeTransport.answerTo("b", 2));
        assertThat(c.text()).isEqualTo(FakeTransport.answerTo("c", 0));
        assertThat(fake.requests).hasSize(2);
    }

    @Test
    void theInFlightCapHoldsUnderAThousandConcurrentCalls() {
        FakeTransport fake = new FakeTransport().answerAfter(2);
        ActorRef<Batcher.Command> b = testKit.spawn(Batcher.create(endpoint(Duration.ZERO, 8, 4, 1, Duration.ofSeconds(30)), fake));
        TestProbe<Batcher.Reply> probe = testKit.createTestProbe();
        for (int i = 0; i < 1000; i++) {
            b.tell(new Batcher.Submit(call("x" + i), probe.getRef()));
        }
        for (int i = 0; i < 1000; i++) {
            probe.expectMessageClass(Batcher.Answered.class, WAIT);
        }
        assertThat(fake.maxOpen.get()).isLessThanOrEqualTo(4);
        BatcherStats s = stats(b);
        assertThat(s.maxInFlight()).isLessThanOrEqualTo(4);
        assertThat(s.calls()).isEqualTo(1000);
        // Calls that waited for a slot were merged: far fewer requests than calls.
        assertThat(s.requests()).isLessThan(1000);
        assertThat(fake.requests.stream().mapToInt(r -> r.prompts().size()).max().orElse(0)).isLessThanOrEqualTo(8);
    }

    @Test
    void retryableFailuresAreRetriedAndSucceed() {
        FakeTransport fake = new FakeTransport().policy((attempt, req) ->
                attempt <= 2 ? FakeTransport.Outcome.FAIL_RETRYABLE : FakeTransport.Outcome.ANSWER);
        ActorRef<Batcher.Command> b = testKit.spawn(Batcher.create(endpoint(Duration.ZERO, 8, 2, 4, Duration.ofSeconds(10)), fake));
        TestProbe<Batcher.Reply> probe = testKit.createTestProbe();
        b.tell(new Batcher.Submit(call("r"), probe.getRef()));
        assertThat(probe.expectMessageClass(Batcher.Answered.class, WAIT).result().text()).isEqualTo(FakeTransport.answerTo("r", 0));
        assertThat(fake.requests).hasSize(3);
        assertThat(stats(b).retries()).isEqualTo(2);
    }

    @Test
    void anEndpointThatIsDownFailsAfterTheRetriesNamingIt() {
        FakeTransport fake = new FakeTransport().policy((attempt, req) -> FakeTransport.Outcome.FAIL_RETRYABLE);
        ActorRef<Batcher.Command> b = testKit.spawn(Batcher.create(endpoint(Duration.ZERO, 8, 2, 3, Duration.ofSeconds(10)), fake));
        TestProbe<Batcher.Reply> probe = testKit.createTestProbe();
        b.tell(new Batcher.Submit(call("down"), probe.getRef()));
        Batcher.Failed f = probe.expectMessageClass(Batcher.Failed.class, WAIT);
        assertThat(f.message()).contains("model endpoint 'fake-endpoint'").contains("503").contains("after 3 attempts");
        assertThat(fake.requests).hasSize(3);
    }

    @Test
    void aNonRetryableFailureIsNotRetried() {
        FakeTransport fake = new FakeTransport().policy((attempt, req) -> FakeTransport.Outcome.FAIL_FATAL);
        ActorRef<Batcher.Command> b = testKit.spawn(Batcher.create(endpoint(Duration.ZERO, 8, 2, 3, Duration.ofSeconds(10)), fake));
        TestProbe<Batcher.Reply> probe = testKit.createTestProbe();
        b.tell(new Batcher.Submit(call("bad"), probe.getRef()));
        assertThat(probe.expectMessageClass(Batcher.Failed.class, WAIT).message()).contains("400");
        assertThat(fake.requests).hasSize(1);
    }

    @Test
    void aRequestThatNeverAnswersTimesOutIsRetriedThenFails() {
        FakeTransport fake = new FakeTransport().policy((attempt, req) -> FakeTransport.Outcome.HANG);
        ActorRef<Batcher.Command> b = testKit.spawn(Batcher.create(endpoint(Duration.ZERO, 8, 2, 2, Duration.ofMillis(100)), fake));
        TestProbe<Batcher.Reply> probe = testKit.createTestProbe();
        b.tell(new Batcher.Submit(call("slow"), probe.getRef()));
        Batcher.Failed f = probe.expectMessageClass(Batcher.Failed.class, WAIT);
        assertThat(f.message()).contains("fake-endpoint").contains("call timeout");
        assertThat(fake.requests).hasSize(2);
    }

    @Test
    void streamedTextReachesEachCallsListenerByIndex() {
        FakeTransport fake = new FakeTransport();
        ActorRef<Batcher.Command> b = testKit.spawn(Batcher.create(endpoint(Duration.ofSeconds(30), 3, 2, 1, Duration.ofSeconds(10)), fake));
        TestProbe<Batcher.Reply> probe = testKit.createTestProbe();
        Map<String, StringBuilder> seen = new ConcurrentHashMap<>();
        for (String p : List.of("s0", "s1", "s2")) {
            StringBuilder sb = new StringBuilder();
            seen.put(p, sb);
            b.tell(new Batcher.Submit(new ModelCall(p, GenParams.defaults(), (choice, delta) -> {
                synchronized (sb) {
                    sb.append(delta);
                }
            }), probe.getRef()));
        }
        for (int i = 0; i < 3; i++) {
            probe.expectMessageClass(Batcher.Answered.class, WAIT);
        }
        assertThat(fake.requests).hasSize(1);
        assertThat(fake.requests.get(0).stream()).isTrue();
        seen.forEach((p, sb) -> assertThat(sb.toString()).isEqualTo(FakeTransport.answerTo(p, 0)));
    }

    @Test
    void callAndRequestLatenciesAreCountedIntoFixedBuckets() {
        // The engine's time passes only inside the fake's answer: each request takes exactly what the policy adds.
        AtomicLong clock = new AtomicLong();
        long[] millisPerAttempt = {3, 30, 100, 100, 2_000};
        FakeTransport fake = new FakeTransport().policy((attempt, req) -> {
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millisPerAttempt[attempt - 1]));
            return attempt == 3 ? FakeTransport.Outcome.FAIL_RETRYABLE
                    : attempt == 5 ? FakeTransport.Outcome.FAIL_FATAL : FakeTransport.Outcome.ANSWER;
        });
        ActorRef<Batcher.Command> b = testKit.spawn(Batcher.create(endpoint(Duration.ZERO, 8, 2, 2, Duration.ofSeconds(10)), fake,
                clock::get));
        TestProbe<Batcher.Reply> probe = testKit.createTestProbe();
        // One call at a time: 3 ms; 30 ms; 100 ms failed, retried, 100 ms; 2 s failed for good.
        for (String p : List.of("fast", "medium", "retried")) {
            b.tell(new Batcher.Submit(call(p), probe.getRef()));
            probe.expectMessageClass(Batcher.Answered.class, WAIT);
        }
        b.tell(new Batcher.Submit(call("fails"), probe.getRef()));
        probe.expectMessageClass(Batcher.Failed.class, WAIT);

        BatcherStats s = stats(b);
        List<Double> bounds = Arrays.stream(LatencyHistogram.upperBounds()).boxed().toList();
        Map<Double, Long> calls = new TreeMap<>();
        Map<Double, Long> requests = new TreeMap<>();
        for (int i = 0; i < bounds.size(); i++) {
            calls.put(bounds.get(i), s.callLatency().counts().get(i));
            requests.put(bounds.get(i), s.requestLatency().counts().get(i));
        }
        assertThat(s.callLatency().counts()).hasSize(bounds.size() + 1);
        assertThat(calls).containsEntry(0.005, 1L).containsEntry(0.05, 1L).containsEntry(0.25, 1L).containsEntry(2.5, 1L);
        assertThat(s.callLatency().total()).isEqualTo(4);
        assertThat(s.callLatency().sumSeconds()).isCloseTo(0.003 + 0.030 + 0.200 + 2.0, within(1e-9));
        assertThat(requests).containsEntry(0.005, 1L).containsEntry(0.05, 1L).containsEntry(0.1, 2L).containsEntry(2.5, 1L);
        assertThat(s.requestLatency().total()).isEqualTo(5);
        assertThat(s.requestLatency().sumSeconds()).isCloseTo(0.003 + 0.030 + 0.100 + 0.100 + 2.0, within(1e-9));
    }
}
