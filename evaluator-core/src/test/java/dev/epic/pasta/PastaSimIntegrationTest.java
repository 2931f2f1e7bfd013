package dev.epic.pasta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.model.Models;
import dev.epic.model.endpoint.Capabilities;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.endpoint.ModelSettings;
import dev.epic.model.endpoint.RetryPolicy;
import dev.epic.model.sim.RequestLog;
import dev.epic.model.sim.SimSettings;
import dev.epic.pasta.decode.ModelServiceDecoder;
import dev.epic.pasta.decode.PastaAnswer;
import dev.epic.pasta.decode.PastaInterpreter;
import dev.epic.pasta.decode.PastaSettings;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PASTA decoding through ModelService, the endpoint's batcher, the HTTP client and the simulated engine, all real. */
class PastaSimIntegrationTest {
    private static ActorSystem<SpawnProtocol.Command> system;
    private static Models models;
    private static PastaInterpreter pasta;

    @BeforeAll
    static void start() {
        system = ActorSystem.create(SpawnProtocol.create(), "pasta-sim-test");
        EndpointSettings e = new EndpointSettings("sim", ModelSettings.IN_PROCESS, "sim-test", "", Capabilities.VLLM, Duration.ofMillis(2),
                64, 16, Duration.ofSeconds(60), new RetryPolicy(1, Duration.ofMillis(20), Duration.ofMillis(100), 0.2));
        SimSettings sim = new SimSettings("sim-test", 25, 0.6, 0.05, 64, SimSettings.Mode.CONTINUOUS, 0.2, 512, Optional.empty())
                .withTasks(List.of("pasta"));
        models = Models.start(system, new ModelSettings("sim", Map.of("sim", e)), sim, List.of());
        pasta = new PastaInterpreter(new ModelServiceDecoder(models.service(), PastaSettings.defaults()), PastaSettings.defaults());
        // The first answer opens the client's connections; the tests look at answers on a warm client.
        pasta.answer("List ways to reduce food waste at home.").toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        models.close();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    @BeforeEach
    void clearLog() {
        models.sim().engine().log().clear();
    }

    @Test
    void parallelChunksShareEngineStepsWithTheMainThread() throws Exception {
        PastaAnswer a = pasta.answer("Give five tips for better sleep.").toCompletableFuture().get(60, TimeUnit.SECONDS);
        List<RequestLog.Entry> log = models.sim().engine().log().entries();
        log.sort(Comparator.comparingLong(RequestLog.Entry::id));
        assertThat(log.stream().mapToInt(RequestLog.Entry::prompts).sum()).as("decodes, some batched into one request")
                .isEqualTo(a.metrics().decodeCalls());
        RequestLog.Entry main = log.get(0);
        RequestLog.Entry after = log.get(log.size() - 1);
        List<RequestLog.Entry> chunks = log.subList(1, log.size() - 1);
        assertThat(a.metrics().rounds()).isEqualTo(2);
        assertThat(chunks.stream().mapToInt(RequestLog.Entry::prompts).sum()).isEqualTo(5);
        // Causal facts, not timings: a chunk is sent once its promise has streamed, while the main thread still has
        // the later promises to decode, so the first chunk's decoding overlaps the main decode in the engine; and
        // no continuation can start before every chunk of the round has finished.
        assertThat(chunks.stream().filter(c -> c.overlaps(main)).count()).as("chunks decoded while the main thread decoded on")
                .isGreaterThanOrEqualTo(1);
        assertThat(main.maxBatch()).as("the main decode shared engine steps with a chunk").isGreaterThanOrEqualTo(2);
        assertThat(chunks).allSatisfy(c -> assertThat(c.finishMs()).as("the main thread continues after the sync")
                .isLessThanOrEqualTo(after.arrivalMs()));
        assertThat(a.metrics().criticalSteps()).isLessThan(a.metrics().tokensDecoded() / 2);
        assertThat(a.metrics().speedup()).isGreaterThan(1.5);
        assertThat(a.metrics().flags()).isEmpty();
    }
}
