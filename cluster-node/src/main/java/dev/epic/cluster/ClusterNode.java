package dev.epic.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.runtime.OpportunisticEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Making an actor system a cluster member: the configuration ({@code epic-cluster.conf} plus the address,
 * seeds and roles given), the actors every member has — the place where job placements live, and on a
 * {@code worker} the {@link NodeSupervisor} — and joining by the configured {@link ClusterJoin} method.
 */
public final class ClusterNode {
    public static final String WORKER = "worker";
    private static final Duration ASK = Duration.ofSeconds(30);

    private ClusterNode() {}

    /**
     * The configuration of a member at {@code host:port} (0 picks a free port) joining {@code seeds} with
     * {@code roles}: the command line, then system properties, then the user's file (if any), then
     * {@code epic-cluster.conf}, then application.conf and reference.conf. A null {@code host} leaves the
     * hostname to those layers ({@code pekko.remote.artery.canonical.hostname}, by default 127.0.0.1).
     * Seeds given here make the member join them ({@code epic.cluster.join = seeds}) whatever the files say, as
     * any setting given on the command line does. Throws {@link IllegalArgumentException} for an unknown
     * {@code epic.cluster.join}.
     */
    public static Config config(Path file, String host, int port, List<String> seeds, List<String> roles) {
        ConfigFactory.invalidateCaches();
        Config user = file == null ? ConfigFactory.empty() : ConfigFactory.parseFile(file.toFile());
        Config cluster = ConfigFactory.parseResources(ClusterNode.class.getClassLoader(), "epic-cluster.conf");
        Config given = ConfigFactory.empty()
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
                .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
                .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles));
        if (!seeds.isEmpty()) {
            given = given.withValue("epic.cluster.join", ConfigValueFactory.fromAnyRef(ClusterJoin.SEEDS));
        }
        if (host != null) {
            given = given.withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host));
        }
        for (ClusterJoin join : ClusterJoin.available()) {
            cluster = cluster.withFallback(join.defaults());
        }
        // The command line wins over the files; the user's file wins over EPIC's cluster defaults (and those of
        // the join methods on the class path).
        Config config = given.withFallback(ConfigFactory.systemProperties()).withFallback(user).withFallback(cluster)
                .withFallback(ConfigFactory.defaultApplication()).withFallback(ConfigFactory.defaultReference()).resolve();
        ClusterJoin.configured(config);
        return config;
    }

    /** The actors of a member of {@code system}; on a worker, a node supervisor compiling with {@code compiler}. */
    public static ClusterEngine install(ActorSystem<SpawnProtocol.Command> system, Function<Source, Program> compiler) {
        Cluster cluster = Cluster.get(system);
        String self = cluster.selfMember().address().toString();
        ClusterSettings settings = ClusterSettings.fromConfig(system.settings().config());
        if (cluster.selfMember().hasRole(WORKER)) {
            // A message it cannot handle must not stop the node for good: restart it (a job it forgot is
            // placed elsewhere or loaded again, see JobPlacement.SubtreeRejected).
            spawn(system, Behaviors.supervise(NodeSupervisor.create(new OpportunisticEngine(system), compiler, self,
                    settings.maxPayloadBytes())).onFailure(SupervisorStrategy.restart().withStopChildren(false)), "epic-node");
        }
        WorkerDirectory.get(system);
        ActorRef<SpawnProtocol.Command> jobs = spawn(system, SpawnProtocol.create(), "epic-jobs");
        return new ClusterEngine(system, jobs, settings, self);
    }

    private static <T> ActorRef<T> spawn(ActorSystem<SpawnProtocol.Command> system,
                                         Behavior<T> behavior, String name) {
        return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(system,
                replyTo -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), replyTo), ASK, system.scheduler())
                .toCompletableFuture().join();
    }

    /** Completes when this member is Up in the cluster; fails if the actor system stops before that. */
    public static CompletableFuture<Void> up(ActorSystem<?> system) {
        CompletableFuture<Void> up = new CompletableFuture<>();
        org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> up.complete(null));
        system.getWhenTerminated().thenRun(() -> up.completeExceptionally(
                new IllegalStateException("the member stopped before it joined the cluster")));
        return up;
    }

    /**
     * How many workers are up now, as this member sees it: Up members with the worker role whose node
     * supervisor is listed here, so that work can be placed on each (see {@link WorkerDirectory}).
     */
    public static long workersUp(ActorSystem<?> system) {
        return WorkerDirectory.get(system).workersUp();
    }
}
