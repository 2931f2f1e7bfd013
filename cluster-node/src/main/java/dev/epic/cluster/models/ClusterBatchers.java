package dev.epic.cluster.models;

import dev.epic.cluster.ClusterNode;
import dev.epic.model.ModelService;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Places each model endpoint's batcher once for the whole cluster: a {@link BatcherHost} Cluster Singleton on
 * the oldest worker, and on every member a {@link BatcherClient} that the member's model service uses as
 * its batcher.
 */
public final class ClusterBatchers {
    private ClusterBatchers() {}

    public static final ModelService.BatcherPlacement PLACEMENT = (system, e, transport) -> {
        String name = e.name().replaceAll("[^A-Za-z0-9_-]", "_");
        ActorRef<BatcherHost.Command> host = ClusterSingleton.get(system).init(
                SingletonActor.of(BatcherHost.create(e, transport), "batcher-" + name)
                        .withSettings(ClusterSingletonSettings.create(system).withRole(ClusterNode.WORKER)));
        ActorRef<Object> client = system.systemActorOf(BatcherClient.create(host), "batcher-client-" + name, Props.empty());
        return client.narrow();
    };

    /** A proxy to the batcher of endpoint {@code name} (for tests and tools that ask where it runs). */
    public static ActorRef<BatcherHost.Command> proxy(org.apache.pekko.actor.typed.ActorSystem<?> system, String name) {
        return ClusterSingleton.get(system).init(SingletonActor.of(
                org.apache.pekko.actor.typed.javadsl.Behaviors.<BatcherHost.Command>empty(), "batcher-" + name)
                .withSettings(ClusterSingletonSettings.create(system).withRole(ClusterNode.WORKER)));
    }
}
