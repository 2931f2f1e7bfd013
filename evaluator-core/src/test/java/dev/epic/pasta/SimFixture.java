package dev.epic.pasta;

import dev.epic.model.Models;
import dev.epic.model.endpoint.Capabilities;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.endpoint.ModelSettings;
import dev.epic.model.endpoint.RetryPolicy;
import dev.epic.model.sim.SimSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

/** An actor system and the in-process simulated engine behind one endpoint "sim" (model "sim-test"), fast. */
final class SimFixture implements AutoCloseable {
    final ActorSystem<SpawnProtocol.Command> system;
    final Models models;

    SimFixture(String name, int attempts) {
        this(name, attempts, Capabilities.VLLM);
    }

    SimFixture(String name, int attempts, Capabilities capabilities) {
        system = ActorSystem.create(SpawnProtocol.create(), name);
        EndpointSettings e = new EndpointSettings("sim", ModelSettings.IN_PROCESS, "sim-test", "", capabilities, Duration.ofMillis(2),
                64, 16, Duration.ofSeconds(60), new RetryPolicy(attempts, Duration.ofMillis(20), Duration.ofMillis(100), 0.2));
        SimSettings sim = new SimSettings("sim-test", 25, 0.6, 0.05, 64, SimSettings.Mode.CONTINUOUS, 0.02, 512, Optional.empty())
                .withTasks(List.of("pasta"));
        models = Models.start(system, new ModelSettings("sim", Map.of("sim", e)), sim, List.of());
    }

    @Override
    public void close() {
        models.close();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
