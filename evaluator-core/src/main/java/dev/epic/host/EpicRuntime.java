package dev.epic.host;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.epic.engine.Engine;
import dev.epic.engine.SequentialEngine;
import dev.epic.model.ModelService;
import dev.epic.model.Models;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.endpoint.ModelSettings;
import dev.epic.model.sim.SimSettings;
import dev.epic.pasta.decode.PastaRecorder;
import dev.epic.runtime.OpportunisticEngine;
import dev.epic.tools.ExternalRegistry;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * What a command needs to run programs: configuration, one actor system (made on first use), the engine, and
 * the model endpoints (started on a program's first model call; the default is the in-process simulated
 * engine).
 */
public final class EpicRuntime implements AutoCloseable {
    private final Config config;
    private final String modelUrl;
    private final String model;
    private final PastaRecorder pasta = new PastaRecorder();
    private ActorSystem<SpawnProtocol.Command> system;
    private Models models;
    private dev.epic.model.ModelService.BatcherPlacement batchers = dev.epic.model.ModelService.LOCAL;

    /** With the default configuration and the configured (by default the simulated) model endpoints. */
    public static EpicRuntime withDefaults() {
        return new EpicRuntime((Path) null, null, null);
    }

    public EpicRuntime(Path configFile, String modelUrl, String model) {
        this(load(configFile), modelUrl, model);
    }

    /** With a configuration made by the caller (a cluster member's). */
    public EpicRuntime(Config config, String modelUrl, String model) {
        this.config = config;
        this.modelUrl = modelUrl;
        this.model = model;
    }

    /** The configuration: system properties, then the file (if any), then application.conf, then defaults. */
    public static Config load(Path configFile) {
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

    /** Where the endpoints' batchers live; set before the first model call (a cluster member shares them). */
    public synchronized void placeBatchers(dev.epic.model.ModelService.BatcherPlacement placement) {
        this.batchers = placement;
    }

    public Config config() {
        return config;
    }

    public synchronized ActorSystem<SpawnProtocol.Command> system() {
        if (system == null) {
            org.slf4j.LoggerFactory.getLogger(EpicRuntime.class);
            system = ActorSystem.create(SpawnProtocol.create(), "epic", config);
        }
        return system;
    }

    public Engine engine(boolean sequential) {
        return sequential ? new SequentialEngine() : new OpportunisticEngine(system());
    }

    public ModelSettings modelSettings() {
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

    /**
     * Starts the model endpoints now if the program calls a model, so that the first call does not start them
     * (and the in-process simulated engine) from inside the job.
     */
    public void startModelsFor(dev.epic.lang.compile.Program program) {
        if (program.usedGlobals().stream().anyMatch(g -> dev.epic.model.LlmFunctions.NAMES.contains(g)
                || dev.epic.pasta.lang.PastaFunctions.NAMES.contains(g))) {
            models();
        }
    }

    public synchronized ModelService models() {
        if (models == null) {
            models = Models.start(system(), modelSettings(), SimSettings.fromConfig(config), List.of(), batchers);
        }
        return models.service();
    }

    public ExternalRegistry registry() {
        return StandardFunctions.registry(this::models, config, pasta);
    }

    /** The metrics of every PASTA answer of this runtime's programs. */
    public PastaRecorder pasta() {
        return pasta;
    }

    /** The model service if a program has started it, else null (metrics must not start the endpoints). */
    public synchronized ModelService startedModels() {
        return models == null ? null : models.service();
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
