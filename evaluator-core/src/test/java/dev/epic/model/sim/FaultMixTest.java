package dev.epic.model.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.epic.model.api.CompletionRequest;
import dev.epic.model.client.ModelApiException;
import dev.epic.model.client.OpenAiClient;
import dev.epic.model.endpoint.Capabilities;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.endpoint.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Faults drawn at a rate: the spec, the draws' frequencies, and what a client meets over real HTTP. */
class FaultMixTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void aSpecNamesEachKindWithItsRate() {
        FaultMix m = FaultMix.parse("5xx=0.05, timeout=0.02,cut=0.01,429=0.02", 7, Duration.ofSeconds(3));
        assertThat(m.serverError()).isEqualTo(0.05);
        assertThat(m.timeout()).isEqualTo(0.02);
        assertThat(m.cut()).isEqualTo(0.01);
        assertThat(m.rateLimited()).isEqualTo(0.02);
        assertThat(m.seed()).isEqualTo(7);
        assertThat(FaultMix.parse("", 1, Duration.ofSeconds(1)).isEmpty()).isTrue();
    }

    @Test
    void badSpecsAreRefusedWithTheReason() {
        Duration d = Duration.ofSeconds(1);
        assertThatThrownBy(() -> FaultMix.parse("5xx", 1, d)).hasMessageContaining("KIND=RATE");
        assertThatThrownBy(() -> FaultMix.parse("oops=0.1", 1, d)).hasMessageContaining("unknown fault kind 'oops'");
        assertThatThrownBy(() -> FaultMix.parse("cut=x", 1, d)).hasMessageContaining("not a number");
        assertThatThrownBy(() -> FaultMix.parse("cut=1.5", 1, d)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> FaultMix.parse("cut=0.6,5xx=0.6", 1, d)).hasMessageContaining("more than 1");
        assertThatThrownBy(() -> FaultMix.parse("cut=0.1,cut=0.2", 1, d)).hasMessageContaining("twice");
    }

    @Test
    void drawsFollowTheRatesAndTheSeed() {
        FaultMix mix = FaultMix.parse("5xx=0.05,timeout=0.02,cut=0.01,429=0.02", 42, Duration.ofSeconds(1));
        int n = 200_000;
        Faults a = new Faults(mix);
        Faults b = new Faults(mix);
        Map<FaultMix.Kind, Integer> counts = new EnumMap<>(FaultMix.Kind.class);
        int none = 0;
        for (int i = 0; i < n; i++) {
            Faults.Fault fa = a.next();
            Faults.Fault fb = b.next();
            assertThat(fb).isEqualTo(fa);
            if (fa == null) {
                none++;
            } else {
                FaultMix.Kind k = fa.status() == 429 ? FaultMix.Kind.RATE_LIMITED : fa.status() >= 500 ? FaultMix.Kind.SERVER_ERROR
                        : fa.cutAfterChunks() >= 0 ? FaultMix.Kind.CUT : FaultMix.Kind.TIMEOUT;
                counts.merge(k, 1, Integer::sum);
            }
        }
        assertThat(a.drawn().get(FaultMix.Kind.SERVER_ERROR)).isEqualTo((long) counts.get(FaultMix.Kind.SERVER_ERROR));
        // Each count is binomial(n, p): within 5 standard deviations of n·p.
        assertNear(counts.get(FaultMix.Kind.SERVER_ERROR), n, 0.05);
        assertNear(counts.get(FaultMix.Kind.TIMEOUT), n, 0.02);
        assertNear(counts.get(FaultMix.Kind.CUT), n, 0.01);
        assertNear(counts.get(FaultMix.Kind.RATE_LIMITED), n, 0.02);
        assertNear(none, n, 0.90);
    }

    private static void assertNear(int count, int n, double p) {
        double sd = Math.sqrt(n * p * (1 - p));
        assertThat((double) count).isBetween(n * p - 5 * sd, n * p + 5 * sd);
    }

    @Test
    void plannedFaultsComeBeforeDrawnOnes() {
        Faults f = new Faults(FaultMix.parse("5xx=1", 1, Duration.ofSeconds(1)));
        f.delayNext(1, Duration.ofMillis(5));
        assertThat(f.next().delay()).isEqualTo(Duration.ofMillis(5));
        assertThat(f.next().status()).isIn(500, 502, 503);
    }

    private static SimServer server(String spec) {
        SimSettings s = new SimSettings("sim-test", 1, 0.05, 0, 64, SimSettings.Mode.CONTINUOUS, 0.1, 16, Optional.empty())
                .withFaults(FaultMix.parse(spec, 3, Duration.ofSeconds(30)));
        return SimServer.start(testKit.system(), new SimEngine(s, List.of()), "127.0.0.1", 0);
    }

    private static OpenAiClient client(SimServer sim, int attempts, Duration timeout) {
        return new OpenAiClient(testKit.system(), new EndpointSettings("flaky", sim.baseUrl(), "sim-test", "", Capabilities.VLLM,
                Duration.ZERO, 64, 16, timeout, new RetryPolicy(attempts, Duration.ofMillis(1), Duration.ofMillis(5), 0)));
    }

    private static ModelApiException failure(java.util.concurrent.CompletionStage<?> s) throws Exception {
        try {
            s.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            while (t instanceof CompletionException && t.getCause() != null) {
                t = t.getCause();
            }
            return (ModelApiException) t;
        }
        throw new AssertionError("the request succeeded");
    }

    private static CompletionRequest request(String prompt, boolean stream) {
        return new CompletionRequest("sim-test", prompt, 8, null, null, null, null, 1L, null, stream ? Boolean.TRUE : null, null);
    }

    @Test
    void eachDrawnKindReachesTheClientAsTheFailureItImitates() throws Exception {
        try (SimServer errors = server("5xx=1"); SimServer limited = server("429=1"); SimServer cut = server("cut=1");
             SimServer hung = server("timeout=1")) {
            assertThat(failure(client(errors, 1, Duration.ofSeconds(10)).complete(request("a", false), null)).retryable()).isTrue();
            ModelApiException rate = failure(client(limited, 1, Duration.ofSeconds(10)).complete(request("a", false), null));
            assertThat(rate.status()).isEqualTo(429);
            // Cut part-way, streamed or not: a lost connection, which a retry may mend.
            assertThat(failure(client(cut, 1, Duration.ofSeconds(10)).complete(request("a", false), null)).retryable()).isTrue();
            assertThat(failure(client(cut, 1, Duration.ofSeconds(10)).complete(request("a", true), r -> { })).retryable()).isTrue();
            ModelApiException late = failure(client(hung, 1, Duration.ofMillis(300)).complete(request("a", false), null));
            assertThat(late.kind()).isEqualTo(ModelApiException.Kind.TIMEOUT);
        }
    }

    /** A program's answer through the batcher's retries against a flaky in-process engine, and without faults. */
    private static String run(String spec, long[] faultsDrawn) {
        var system = org.apache.pekko.actor.typed.ActorSystem.create(org.apache.pekko.actor.typed.SpawnProtocol.create(), "faults");
        try {
            SimSettings s = new SimSettings("sim-test", 1, 0.05, 0, 64, SimSettings.Mode.CONTINUOUS, 0.1, 16, Optional.empty())
                    .withFaults(FaultMix.parse(spec, 11, Duration.ofSeconds(30)));
            EndpointSettings e = new EndpointSettings("sim", dev.epic.model.endpoint.ModelSettings.IN_PROCESS, "sim-test", "",
                    Capabilities.VLLM, Duration.ofMillis(1), 8, 16, Duration.ofSeconds(2),
                    new RetryPolicy(10, Duration.ofMillis(5), Duration.ofMillis(20), 0));
            try (dev.epic.model.Models m = dev.epic.model.Models.start(system, new dev.epic.model.endpoint.ModelSettings("sim", Map.of("sim", e)),
                    s, List.of())) {
                var program = dev.epic.host.StandardLanguage.compile(new dev.epic.lang.syntax.Source("flaky.epic",
                                "String.join(\"|\", List.map (fun i -> llm_with {max_tokens = 6} \"Say something about ${i}.\") (List.range(0, 40)))"),
                        dev.epic.model.LlmFunctions.register(dev.epic.tools.ExternalRegistry.withDefaults(), m.service()));
                var r = new dev.epic.runtime.OpportunisticEngine(system).run(program, dev.epic.engine.RunOptions.defaults()
                        .withTimeout(Duration.ofSeconds(60)));
                assertThat(r.ok()).as(r.display()).isTrue();
                faultsDrawn[0] = m.sim().faults().drawn().values().stream().mapToLong(Long::longValue).sum();
                return r.display();
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }

    @Test
    void retriesCarryAProgramThroughAFlakyEndpointToTheFaultFreeAnswer() {
        long[] drawn = new long[1];
        String clean = run("", drawn);
        String flaky = run("5xx=0.15,timeout=0.05,429=0.1,cut=0.05", drawn);
        assertThat(drawn[0]).isPositive();
        assertThat(flaky).isEqualTo(clean);
    }
}
