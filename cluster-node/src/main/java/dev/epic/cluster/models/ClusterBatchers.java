package dev.epic.cluster.models;

import dev.epic.cluster.ClusterNode;
import dev.epic.model.ModelService;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.singleton.ClusterSingletonProxy;
import org.apache.pekko.cluster.singleton.ClusterSingletonProxySettings;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Places each model endpoint's batcher once for the whole cluster: a {@link BatcherHost} Cluster Singleton on
 * the oldest worker, and on every member a {@link BatcherClient} that the member's model service uses as
 * its batcher. The singleton runs at {@code /system/singletonManagerbatcher-NAME/batcher-NAME} and each client
 * at {@code /system/batcher-client-NAME}; both are on Artery's large-message lane (epic-cluster.conf), since a
 * long prompt or an answer with many choices can be larger than an ordinary frame.
 */
public final class ClusterBatchers {
    private static final AtomicLong PROXIES = new AtomicLong();

    private ClusterBatchers() {}

    public static final ModelService.BatcherPlacement PLACEMENT = (system, e, transport) -> {
        String name = singletonName(e.name());
        ActorRef<BatcherHost.Command> host = ClusterSingleton.get(system).init(
                SingletonActor.of(BatcherHost.create(e, transport), name)
                        .withSettings(ClusterSingletonSettings.create(system).withRole(ClusterNode.WORKER)));
        // One fail-over on the way is allowed for: the call is sent again to the batcher's next node.
        ActorRef<Object> client = system.systemActorOf(BatcherClient.create(host, BatcherHost.bound(e).multipliedBy(2)),
                "batcher-client-" + sanitise(e.name()), Props.empty());
        return client.narrow();
    };

    /** The singleton's name for endpoint {@code endpoint}: only characters an actor path takes. */
    static String singletonName(String endpoint) {
        return "batcher-" + sanitise(endpoint);
    }

    private static String sanitise(String endpoint) {
        return endpoint.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /**
     * A proxy to the batcher of endpoint {@code endpoint} (for tests and tools that ask where it runs). Only a
     * proxy: unlike initialising the singleton, it can never start a batcher (an empty one) on this member.
     */
    public static ActorRef<BatcherHost.Command> proxy(ActorSystem<?> system, String endpoint) {
        String name = singletonName(endpoint);
        org.apache.pekko.actor.ActorSystem classic = Adapter.toClassic(system);
        return Adapter.toTyped(((ExtendedActorSystem) classic).systemActorOf(ClusterSingletonProxy.props("/system/singletonManager" + name,
                ClusterSingletonProxySettings.create(classic).withSingletonName(name).withRole(ClusterNode.WORKER)),
                "batcher-proxy-" + name + "-" + PROXIES.incrementAndGet()));
    }
}
