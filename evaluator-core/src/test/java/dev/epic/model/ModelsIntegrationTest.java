package dev.epic.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.engine.Event;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.SequentialEngine;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.model.batch.BatcherStats;
import dev.epic.model.endpoint.Capabilities;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.endpoint.ModelSettings;
import dev.epic.model.endpoint.RetryPolicy;
import dev.epic.model.sim.RequestLog;
import dev.epic.model.sim.SimSettings;
import dev.epic.runtime.OpportunisticEngine;
import dev.epic.tools.ExternalRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Programs calling models through batchers, the HTTP client and the simulated engine, all real. */
class ModelsIntegrationTest {
    private final ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "models-test");
    private final List<Models> started = new ArrayList<>();

    @AfterEach
    void shutdown() {
        started.forEach(Models::close);
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    private static SimSettings sim(double timeScale) {
        return new SimSettings("sim-test", 25, 0.6, 0.05, 64, SimSettings.Mode.CONTINUOUS, timeScale, 64, Optional.empty());
    }

    private static EndpointSettings endpoint(String url, Duration window, int maxBatch, int maxInFlight, int attempts, Duration timeout) {
        return new EndpointSettings("sim", url, "sim-test", "", Capabilities.VLLM, window, maxBatch, maxInFlight, timeout,
                new RetryPolicy(attempts, Duration.ofMillis(20), Duration.ofMillis(100), 0.2));
    }

    private Models models(EndpointSettings e, SimSettings s) {
        Models m = Models.start(system, new ModelSettings(e.name(), Map.of(e.name(), e)), s, List.of());
        started.add(m);
        return m;
    }

    private static Program compile(String text, Models m) {
        return StandardLanguage.compile(new Source("models.epic", text), LlmFunctions.register(ExternalRegistry.withDefaults(), m.service()));
    }

    @Test
    void theFirstFollowUpOfAStreamedListIsDispatchedBeforeTheStreamEnds() {
        Models m = models(endpoint(ModelSettings.IN_PROCESS, Duration.ofMillis(2), 64, 16, 1, Duration.ofSeconds(30)), sim(0.2));
        Program p = compile("List.map (fun x -> llm x) (llm_lines \"List 6 cities, one per line.\")", m);
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        RunResult r = new OpportunisticEngine(system).run(p, RunOptions.defaults().withEvents(events::add));
        assertThat(r.ok()).as(r.display()).isTrue();
        assertThat(r.display()).startsWith("[").contains(", ");
        long streamResolved = events.stream().filter(e -> e.kind().equals(Event.RESOLVE) && e.call() == 1).findFirst().orElseThrow().tMs();
        Event firstFollowUp = events.stream().filter(e -> e.kind().equals(Event.DISPATCH) && e.fn().equals("llm")).findFirst().orElseThrow();
        assertThat(events.indexOf(firstFollowUp)).isLessThan(events.indexOf(events.stream()
                .filter(e -> e.kind().equals(Event.RESOLVE) && e.call() == 1).findFirst().orElseThrow()));
        assertThat(firstFollowUp.tMs()).isLessThanOrEqualTo(streamResolved);
        assertThat(events.stream().filter(e -> e.kind().equals(Event.CHUNK)).count()).isGreaterThan(6);
        assertThat(events.stream().filter(e -> e.kind().equals(Event.DISPATCH) && e.fn().equals("llm")).count()).isEqualTo(6);
    }

    @Test
    void bothEnginesGiveTheSameAnswersFromTheSimulatedModel() {
        Models m = models(endpoint(ModelSettings.IN_PROCESS, Duration.ofMillis(2), 64, 16, 1, Duration.ofSeconds(30)), sim(0.05));
        Program p = compile("let ideas = llm_lines \"List 3 fruits, one per line.\" in\n"
                + "(List.map (fun i -> llm_with {max_tokens = 5; seed = 1} i) ideas, llm_with {n = 2} \"x\", llm_top {k = 3} \"y\")", m);
        RunResult seq = new SequentialEngine().run(p, RunOptions.defaults());
        RunResult opp = new OpportunisticEngine(system).run(p, RunOptions.defaults());
        assertThat(seq.ok()).as(seq.display()).isTrue();
        assertThat(opp.display()).isEqualTo(seq.display());
    }

    @Test
    void theInFlightCapHoldsUnderAThousandConcurrentCalls() throws Exception {
        Models m = models(endpoint(ModelSettings.IN_PROCESS, Duration.ofMillis(2), 8, 4, 1, Duration.ofSeconds(60)), sim(0.02));
        Program p = compile("List.len (List.map (fun i -> llm_with {max_tokens = 4} \"question ${i}\") (List.range(0, 1000)))", m);
        RunResult r = new OpportunisticEngine(system).run(p, RunOptions.defaults());
        assertThat(r.display()).isEqualTo("1000");
        List<RequestLog.Entry> log = m.sim().engine().log().entries();
        assertThat(log.stream().mapToInt(RequestLog.Entry::prompts).sum()).isEqualTo(1000);
        assertThat(m.sim().engine().log().maxConcurrentRequests()).isLessThanOrEqualTo(4);
        assertThat(log.stream().mapToInt(RequestLog.Entry::prompts).max().orElse(0)).isLessThanOrEqualTo(8).isGreaterThan(1);
        BatcherStats s = m.service().stats(null).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(s.maxInFlight()).isLessThanOrEqualTo(4);
        assertThat(s.calls()).isEqualTo(1000);
    }

    @Test
    void callsInOneWindowShareOneRequest() {
        Models m = models(endpoint(ModelSettings.IN_PROCESS, Duration.ofMillis(200), 64, 16, 1, Duration.ofSeconds(30))
                .withFlushWhenIdle(false), sim(0.05));
        Program p = compile("List.map llm [\"a\", \"b\", \"c\", \"d\", \"e\"]", m);
        RunResult r = new OpportunisticEngine(system).run(p, RunOptions.defaults());
        assertThat(r.ok()).isTrue();
        List<RequestLog.Entry> log = m.sim().engine().log().entries();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).prompts()).isEqualTo(5);
        assertThat(log.get(0).maxBatch()).isEqualTo(5);
    }

    @Test
    void injectedFailuresAndSlowAnswersAreRetriedAndSucceed() throws Exception {
        Models m = models(endpoint(ModelSettings.IN_PROCESS, Duration.ZERO, 64, 16, 4, Duration.ofMillis(1500)), sim(0.05));
        m.sim().faults().failNext(1, 429).failNext(1, 500).delayNext(1, Duration.ofSeconds(4));
        Program p = compile("llm \"retry me\"", m);
        RunResult r = new OpportunisticEngine(system).run(p, RunOptions.defaults());
        assertThat(r.ok()).as(r.display()).isTrue();
        BatcherStats s = m.service().stats(null).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(s.retries()).isEqualTo(3);
    }

    @Test
    void aStreamCutMidwayIsRetriedWhenNothingWasDelivered() {
        Models m = models(endpoint(ModelSettings.IN_PROCESS, Duration.ZERO, 64, 16, 3, Duration.ofSeconds(10)), sim(0.05));
        m.sim().faults().cutStreamNext(1, 0);
        RunResult r = new OpportunisticEngine(system).run(compile("llm_lines \"List 2 things, one per line.\"", m), RunOptions.defaults());
        assertThat(r.ok()).as(r.display()).isTrue();
    }

    @Test
    void anEndpointThatIsDownEndsTheProgramWithAnErrorNamingIt() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Models m = models(endpoint("http://127.0.0.1:" + port, Duration.ZERO, 64, 16, 3, Duration.ofSeconds(5)), sim(0.05));
        Program p = compile("let a = llm \"hello\" in\nString.length a", m);
        for (var engine : List.of(new SequentialEngine(), new OpportunisticEngine(system))) {
            RunResult r = engine.run(p, RunOptions.defaults().withTimeout(Duration.ofSeconds(60)));
            assertThat(r.ok()).isFalse();
            assertThat(r.error().getMessage()).contains("external call llm failed").contains("model endpoint 'sim'")
                    .contains("127.0.0.1:" + port).contains("after 3 attempts");
            assertThat(r.error().span().lineColumn()).isEqualTo("1:9");
        }
    }

    @Test
    void badOptionsAreClearErrors() {
        Models m = models(endpoint(ModelSettings.IN_PROCESS, Duration.ZERO, 64, 16, 1, Duration.ofSeconds(5)), sim(0.05));
        RunResult r = new SequentialEngine().run(compile("llm_with {max_token = 3} \"x\"", m), RunOptions.defaults());
        assertThat(r.error().getMessage()).contains("unknown option 'max_token'");
        RunResult other = new SequentialEngine().run(compile("llm_with {model = \"nope\"} \"x\"", m), RunOptions.defaults());
        assertThat(other.error().getMessage()).contains("no model endpoint named 'nope'");
    }

    @Test
    void aChatOnlyEndpointServesEveryBuiltinThroughChatRequests() {
        EndpointSettings chat = endpoint(ModelSettings.IN_PROCESS, Duration.ofMillis(2), 64, 16, 1, Duration.ofSeconds(30))
                .withCapabilities(new Capabilities(false, true, true, true));
        Models m = models(chat, sim(0.05));
        Program p = compile("(llm \"a\", List.len (llm_lines \"List 3 birds, one per line.\"), List.len (llm_with {n = 2} \"b\"),"
                + " List.len (llm_top {k = 2} \"c\"))", m);
        RunResult r = new OpportunisticEngine(system).run(p, RunOptions.defaults());
        assertThat(r.ok()).as(r.display()).isTrue();
        assertThat(r.display()).endsWith(", 3, 2, 2)");
        assertThat(m.sim().engine().log().entries()).allSatisfy(e -> assertThat(e.prompts()).isEqualTo(1));
    }

    @Test
    void anEndpointWithoutPromptListsOrNGetsOneRequestPerChoice() {
        EndpointSettings plain = endpoint(ModelSettings.IN_PROCESS, Duration.ofMillis(50), 64, 16, 1, Duration.ofSeconds(30))
                .withCapabilities(new Capabilities(false, false, false, false));
        Models m = models(plain, sim(0.05));
        RunResult r = new OpportunisticEngine(system).run(compile("(List.map llm [\"x\", \"y\"], llm_with {n = 3; seed = 4} \"z\")", m),
                RunOptions.defaults());
        assertThat(r.ok()).as(r.display()).isTrue();
        List<RequestLog.Entry> log = m.sim().engine().log().entries();
        assertThat(log).hasSize(5);
        assertThat(log).allSatisfy(e -> assertThat(e.sequences()).isEqualTo(1));
        RunResult top = new SequentialEngine().run(compile("llm_top {k = 2} \"z\"", m), RunOptions.defaults());
        assertThat(top.error().getMessage()).contains("does not give log-probabilities");
    }
}
