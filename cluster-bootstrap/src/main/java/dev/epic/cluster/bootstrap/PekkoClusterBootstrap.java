package dev.epic.cluster.bootstrap;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.epic.cluster.ClusterJoin;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;

/**
 * {@code epic.cluster.join = bootstrap}: Pekko Management's HTTP endpoint ({@code pekko.management.http}:
 * {@code /ready}, {@code /alive}, the read-only {@code /cluster/members}, and the contact point the other
 * members probe), then Cluster Bootstrap, which finds the other members through
 * {@code pekko.management.cluster.bootstrap.contact-point-discovery} (the Kubernetes API by default, see
 * {@code epic-bootstrap.conf}) and joins them, or forms the cluster if it has the lowest address of those found.
 */
public final class PekkoClusterBootstrap implements ClusterJoin {
    @Override
    public String method() {
        return BOOTSTRAP;
    }

    /** {@code epic-bootstrap.conf}: the management endpoint, the discovery method and its settings. */
    @Override
    public Config defaults() {
        return ConfigFactory.parseResources(PekkoClusterBootstrap.class.getClassLoader(), "epic-bootstrap.conf");
    }

    @Override
    public CompletionStage<?> start(ActorSystem<?> system) {
        // The bootstrap's contact point is a route of the management endpoint: bind it first, so a port that is
        // taken fails the start rather than leaving a member nobody can find.
        PekkoManagement management = PekkoManagement.get(system);
        return management.start().handle((uri, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                throw new IllegalStateException("Pekko Management could not bind " + management.settings().getHttpEffectiveBindHostname()
                        + ":" + management.settings().getHttpEffectiveBindPort() + " (pekko.management.http): " + cause.getMessage(), cause);
            }
            ClusterBootstrap.get(system).start();
            return uri;
        });
    }
}
