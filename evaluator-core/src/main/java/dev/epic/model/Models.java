package dev.epic.model;

import com.typesafe.config.Config;
import dev.epic.model.client.OpenAiClient;
import dev.epic.model.endpoint.EndpointSettings;
import dev.epic.model.endpoint.ModelSettings;
import dev.epic.model.sim.ScriptedRules;
import dev.epic.model.sim.SimBehaviour;
import dev.epic.model.sim.SimEngine;
import dev.epic.model.sim.SimServer;
import dev.epic.model.sim.SimSettings;
import dev.epic.model.sim.tasks.SimTasks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The model side of a process, assembled from configuration: a {@link ModelService} whose endpoints are
 * reached with {@link OpenAiClient}s, and — for endpoints whose base URL is {@code in-process} — the
 * simulated engine started in this JVM on a loopback port.
 */
public final class Models implements AutoCloseable {
    private final ModelService service;
    private final SimServer sim;

    private Models(ModelService service, SimServer sim) {
        this.service = service;
        this.sim = sim;
    }

    public static Models start(ActorSystem<?> system, ModelSettings settings, SimSettings simSettings, List<SimBehaviour> behaviours) {
        return start(system, settings, simSettings, behaviours, ModelService.LOCAL);
    }

    /** The same, with the endpoints' batchers placed by {@code placement} (one per cluster, for instance). */
    public static Models start(ActorSystem<?> system, ModelSettings settings, SimSettings simSettings, List<SimBehaviour> behaviours,
                               ModelService.BatcherPlacement placement) {
        SimServer sim = null;
        Map<String, EndpointSettings> endpoints = new LinkedHashMap<>();
        for (EndpointSettings e : settings.endpoints().values()) {
            if (ModelSettings.IN_PROCESS.equals(e.baseUrl())) {
                if (sim == null) {
                    sim = SimServer.start(system, new SimEngine(simSettings, behavioursWithRules(simSettings, behaviours)), "127.0.0.1", 0);
                }
                e = e.withBaseUrl(sim.baseUrl());
            }
            endpoints.put(e.name(), e);
        }
        ModelSettings resolved = new ModelSettings(settings.defaultEndpoint(), endpoints);
        return new Models(new ModelService(system, resolved, e -> new OpenAiClient(system, e), placement), sim);
    }

    public static Models start(ActorSystem<?> system, Config config) {
        return start(system, ModelSettings.fromConfig(config), SimSettings.fromConfig(config), List.of());
    }

    private static List<SimBehaviour> behavioursWithRules(SimSettings s, List<SimBehaviour> behaviours) {
        List<SimBehaviour> out = new ArrayList<>();
        if (s.rulesFile().isPresent()) {
            try {
                out.add(ScriptedRules.load(Path.of(s.rulesFile().get())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the simulated engine's rules file " + s.rulesFile().get(), e);
            }
        }
        out.addAll(behaviours);
        out.addAll(SimTasks.named(s.tasks()));
        return out;
    }

    public ModelService service() {
        return service;
    }

    /** The in-process simulated engine's server, or null if no endpoint uses it. */
    public SimServer sim() {
        return sim;
    }

    @Override
    public void close() {
        if (sim != null) {
            sim.close();
        }
    }
}
