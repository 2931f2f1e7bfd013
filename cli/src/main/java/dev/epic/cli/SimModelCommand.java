package dev.epic.cli;

import dev.epic.host.EpicRuntime;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.epic.model.sim.ScriptedRules;
import dev.epic.model.sim.SimBehaviour;
import dev.epic.model.sim.SimEngine;
import dev.epic.model.sim.SimServer;
import dev.epic.model.sim.SimSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code epic sim-model}: the simulated decoding engine as its own OpenAI-compatible server process. */
@Command(name = "sim-model", mixinStandardHelpOptions = true,
        description = "Serve the simulated model engine (OpenAI-compatible HTTP) until stopped.")
final class SimModelCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "P", required = true, description = "port to listen on (0 picks a free one)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON settings (epic.sim …)")
    Path config;

    @Option(names = "--mode", paramLabel = "continuous|static", description = "batching mode (overrides the configuration)")
    String mode;

    @Option(names = "--time-scale", paramLabel = "X", description = "multiply every duration by X (overrides the configuration)")
    Double timeScale;

    @Option(names = "--rules", paramLabel = "FILE", description = "scripted answers, a JSON list of {pattern, answer}")
    Path rules;

    @Option(names = "--faults", paramLabel = "KIND=RATE,...",
            description = "inject faults at these rates, e.g. 5xx=0.05,timeout=0.02,cut=0.01,429=0.02 (overrides epic.sim.faults.mix)")
    String faults;

    @Option(names = "--fault-seed", paramLabel = "N", description = "seed of the fault draws (overrides epic.sim.faults.seed)")
    Long faultSeed;

    @Option(names = "--exit-with-parent", description = "exit when standard input closes (the starting process died)")
    boolean exitWithParent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (exitWithParent) {
            ParentWatch.exitWhenStdinCloses();
        }
        SimSettings s;
        List<SimBehaviour> behaviours = new ArrayList<>();
        try {
            Config c = EpicRuntime.load(config);
            s = SimSettings.fromConfig(c);
            if (mode != null) {
                s = s.withMode(SimSettings.Mode.valueOf(mode.toUpperCase()));
            }
            if (timeScale != null) {
                s = s.withTimeScale(timeScale);
            }
            if (faults != null || faultSeed != null) {
                s = s.withFaults(dev.epic.model.sim.FaultMix.parse(faults != null ? faults : s.faults().toString(),
                        faultSeed != null ? faultSeed : s.faults().seed(), s.faults().timeoutDelay()));
            }
            if (rules != null) {
                behaviours.add(ScriptedRules.load(rules));
            } else if (s.rulesFile().isPresent()) {
                behaviours.add(ScriptedRules.load(Path.of(s.rulesFile().get())));
            }
        } catch (ConfigException | IllegalArgumentException | IOException e) {
            spec.commandLine().getErr().println("epic: " + e.getMessage());
            return 2;
        }
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "epic-sim");
        SimServer server;
        try {
            server = SimServer.start(system, new SimEngine(s, behaviours), host, port);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("epic: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            system.terminate();
            return 2;
        }
        spec.commandLine().getOut().println("epic-sim listening on " + server.baseUrl() + " (simulated model " + s.model()
                + ", " + s.mode().name().toLowerCase() + " batching" + (s.faults().isEmpty() ? "" : ", faults " + s.faults()) + ")");
        spec.commandLine().getOut().flush();
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            system.terminate();
            forever.countDown();
        }));
        forever.await();
        return 0;
    }
}
