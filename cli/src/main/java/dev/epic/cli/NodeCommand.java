package dev.epic.cli;

import dev.epic.host.EpicRuntime;
import dev.epic.cluster.ClusterMember;
import dev.epic.cluster.ClusterJoin;
import dev.epic.cluster.ClusterNode;
import dev.epic.host.StandardLanguage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code epic node}: a member of an EPIC cluster; with the worker role it runs subtrees of jobs. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Start a cluster member. Prints 'epic node up at ADDRESS' when it has joined; runs until stopped (SIGTERM leaves gracefully).")
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--host", description = "address to bind and advertise (default: pekko.remote.artery.canonical.hostname from --config or -D, else 127.0.0.1)")
    String host;

    @Option(names = "--port", defaultValue = "17355", description = "Artery TCP port; 0 picks a free one (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--seeds", split = ",", paramLabel = "SEEDS",
            description = "seed nodes, HOST:PORT or pekko://epic@HOST:PORT, comma-separated; the first seed starts a new cluster when it lists itself "
                    + "(not with epic.cluster.join = bootstrap, which finds the other members itself)")
    List<String> seeds = List.of();

    @Option(names = "--roles", split = ",", defaultValue = "worker", description = "roles: worker, gateway (default ${DEFAULT-VALUE})")
    List<String> roles;

    @Option(names = "--config", paramLabel = "FILE", description = "a HOCON file with settings")
    Path config;

    @Mixin
    ModelOptions models = new ModelOptions();

    @Option(names = "--exit-with-parent", description = "exit when standard input closes (the starting process died)")
    boolean exitWithParent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (exitWithParent) {
            ParentWatch.exitWhenStdinCloses();
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            err.println("epic: --port must be between 0 and 65535");
            return 2;
        }
        if (config != null && !java.nio.file.Files.isReadable(config)) {
            err.println("epic: cannot read the configuration file " + config);
            return 2;
        }
        for (String r : roles) {
            if (!r.equals("worker") && !r.equals("gateway")) {
                err.println("epic: unknown role '" + r + "' (worker, gateway)");
                return 2;
            }
        }
        EpicRuntime runtime;
        String join;
        try {
            // How the files and -D say a node joins; --seeds would override it, but must not contradict it.
            com.typesafe.config.Config joinless = ClusterNode.config(config, host, port, List.of(), roles);
            join = ClusterJoin.configured(joinless);
            if (!join.equals(ClusterJoin.SEEDS) && !seeds.isEmpty()) {
                err.println("epic: --seeds cannot be used with epic.cluster.join = " + join
                        + " (it finds the other members itself); drop --seeds or set epic.cluster.join = seeds");
                return 2;
            }
            runtime = new EpicRuntime(seeds.isEmpty() ? joinless
                    : ClusterNode.config(config, host, port, ClusterMember.seedAddresses(seeds), roles),
                    models.modelUrl, models.model);
            runtime.modelSettings();
            dev.epic.cluster.ClusterSettings.fromConfig(runtime.config());
        } catch (com.typesafe.config.ConfigException | IllegalArgumentException e) {
            err.println("epic: bad configuration: " + e.getMessage());
            return 2;
        }
        // With seeds Pekko joins them by itself when the actor system starts; another method is started below.
        ClusterJoin joiner = null;
        if (!join.equals(ClusterJoin.SEEDS)) {
            joiner = ClusterJoin.find(join).orElse(null);
            if (joiner == null) {
                err.println("epic: " + ClusterJoin.missing(join));
                return 1;
            }
        }
        try (EpicRuntime r = runtime) {
            var system = r.system();
            r.placeBatchers(dev.epic.cluster.models.ClusterBatchers.PLACEMENT);
            ClusterNode.install(system, s -> StandardLanguage.compile(s, r.registry()));
            if (roles.contains(ClusterNode.WORKER)) {
                // Every worker may host an endpoint's batcher: start the singletons' managers now.
                r.models();
            }
            if (joiner != null) {
                // After the member's actors are installed; a start that fails (say its HTTP port is taken) stops the node.
                try {
                    joiner.start(system).toCompletableFuture().join();
                } catch (RuntimeException e) {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                    err.println("epic: could not start joining the cluster (epic.cluster.join = " + join + "): "
                            + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName()));
                    return 1;
                }
            }
            try {
                ClusterNode.up(system).join();
            } catch (java.util.concurrent.CompletionException e) {
                err.println("epic: " + e.getCause().getMessage());
                return 1;
            }
            out.println("epic node up at " + org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().address()
                    + " roles " + String.join(",", roles));
            out.flush();
            system.getWhenTerminated().toCompletableFuture().join();
        }
        return 0;
    }
}
