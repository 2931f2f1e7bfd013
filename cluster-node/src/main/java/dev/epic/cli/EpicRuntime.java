package dev.epic.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.epic.engine.Engine;
import dev.epic.engine.SequentialEngine;
import dev.epic.model.LlmFunctions;
import dev.epic.model.ModelService;
import dev.epic.model.Models;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.endpoint.ModelSettings;
import dev.epic.model.sim.SimSettings;
import dev.epic.pasta.decode.PastaRecorder;
import dev.epic.pasta.decode.PastaSettings;
import dev.epic.pasta.lang.PastaFunctions;
import dev.epic.runtime.OpportunisticEngine;
import dev.epic.spi.ExternalRegistry;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * What a command needs to run programs: configuration, one actor system (made on first use), the engine, and
 * the model endpoints (started on a program's first model call; the default is the in-process simulated
 * engine).
 */
final class EpicRuntime implements AutoCloseable {
    private final Config config;
    private final String modelUrl;
    private final String model;
    private final PastaRecorder pasta = new PastaRecorder();
    private ActorSystem<SpawnProtocol.Command> system;
    private Models models;

    EpicRuntime(Path configFile, String modelUrl, String model) {
        this.config = load(configFile);
        this.modelUrl = modelUrl;
        this.model = model;
    }

    /** The configuration: system properties, then the file (if any), then application.conf, then defaults. */
    static Config load(Path configFile) {
        if (configFile == null) {
            return ConfigFactory.load();
        }
        ConfigFactory.invalidateCaches();
        return ConfigFactory.defaultOverrides()
                .withFallback(ConfigFactory.parseFile(configFile.toFile()))
                .withFallback(ConfigFactory.defaultApplication())
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    Config config() {
        return config;
    }

    synchronized ActorSystem<SpawnProtocol.Command> system() {
        if (system == null) {
            org.slf4j.LoggerFactory.getLogger(EpicRuntime.class);
            system = ActorSystem.create(SpawnProtocol.create(), "epic", config);
        }
        return system;
    }

    Engine engine(boolean sequential) {
        return sequential ? new SequentialEngine() : new OpportunisticEngine(system());
    }

    ModelSettings modelSettings() {
        ModelSettings s = ModelSettings.fromConfig(config);
        if (modelUrl == null && model == null) {
            return s;
        }
        EndpointSettings e = s.defaultSettings();
        if (modelUrl != null) {
            e = e.withBaseUrl(modelUrl);
        }
        if (model != null) {
            e = e.withModel(model);
        }
        return s.withDefault(e);
    }

    synchronized ModelService models() {
        if (models == null) {
            models = Models.start(system(), modelSettings(), SimSettings.fromConfig(config), List.of());
        }
        return models.service();
    }

    ExternalRegistry registry() {
        ExternalRegistry r = LlmFunctions.register(ExternalRegistry.withDefaults(), this::models);
        return PastaFunctions.register(r, this::models, PastaSettings.fromConfig(config), pasta);
    }

    /** The metrics of every PASTA answer of this runtime's programs. */
    PastaRecorder pasta() {
        return pasta;
    }

    @Override
    public synchronized void close() {
        if (models != null) {
            models.close();
        }
        if (system != null) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
        }
    }
}
