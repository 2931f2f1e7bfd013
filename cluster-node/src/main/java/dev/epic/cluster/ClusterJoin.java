package dev.epic.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * How a member finds the cluster, chosen by {@code epic.cluster.join}. With {@code seeds} Pekko joins the
 * configured seed nodes by itself when the actor system starts; any other method is an implementation of this
 * interface found with {@link ServiceLoader} ({@code META-INF/services/dev.epic.cluster.ClusterJoin}), so that
 * its libraries are on the class path only of the processes that use it. {@code bootstrap} is the
 * {@code cluster-bootstrap} module's (Pekko Management Cluster Bootstrap).
 */
public interface ClusterJoin {
    String SEEDS = "seeds";
    String BOOTSTRAP = "bootstrap";
    List<String> METHODS = List.of(SEEDS, BOOTSTRAP);

    /** The value of {@code epic.cluster.join} this implementation serves. */
    String method();

    /**
     * The implementation's default settings, layered by {@link ClusterNode#config} with EPIC's cluster defaults:
     * above every library's {@code reference.conf}, so they hold whatever the class path's order.
     */
    default Config defaults() {
        return ConfigFactory.empty();
    }

    /**
     * Starts joining {@code system} to the cluster; called once, after the member's actors are installed.
     * Completes when joining is under way; fails if it cannot start (the member then stops).
     */
    CompletionStage<?> start(ActorSystem<?> system);

    /** The configured method; throws {@link IllegalArgumentException} for one that is not known. */
    static String configured(Config config) {
        String method = config.getString("epic.cluster.join");
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("epic.cluster.join must be \"seeds\" or \"bootstrap\", not \"" + method + "\"");
        }
        return method;
    }

    /** The implementation of {@code method} on the class path, if any. */
    static Optional<ClusterJoin> find(String method) {
        return available().stream().filter(j -> j.method().equals(method)).findFirst();
    }

    /** Every implementation on the class path. */
    static List<ClusterJoin> available() {
        return ServiceLoader.load(ClusterJoin.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    /** What to tell the user when {@code method} has no implementation on the class path. */
    static String missing(String method) {
        return "epic.cluster.join = " + method + " needs the cluster-bootstrap module (dev.epic:cluster-bootstrap) and "
                + "its libraries on the class path, as the container image has them (see docs/deploy.md)";
    }
}
