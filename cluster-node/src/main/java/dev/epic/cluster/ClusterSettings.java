package dev.epic.cluster;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code epic.cluster} settings (documented in {@code epic-cluster.conf}).
 *
 * @param forkAll          ship every portable {@code List.map} element, not only those that may call out
 * @param purityBudget     how many parts of a function value to look through when deciding it is pure
 * @param workerWait       how long a submitting member waits for the first worker node
 * @param maxPayloadBytes  the largest subtree or value sent whole (below Artery's large frame size)
 * @param maxNodeLosses    how many times one subtree is sent again after the node running it was lost; one more
 *                         loss fails the job (a subtree that kills every node it runs on must not kill them all)
 */
public record ClusterSettings(boolean forkAll, int purityBudget, Duration workerWait, long maxPayloadBytes,
                              int maxNodeLosses) {
    public ClusterSettings {
        if (maxNodeLosses < 0) {
            throw new IllegalArgumentException("epic.cluster.max-node-losses must not be negative");
        }
    }

    /** With the default {@code max-node-losses} (2). */
    public ClusterSettings(boolean forkAll, int purityBudget, Duration workerWait, long maxPayloadBytes) {
        this(forkAll, purityBudget, workerWait, maxPayloadBytes, 2);
    }

    public static ClusterSettings fromConfig(Config config) {
        Config c = config.getConfig("epic.cluster");
        String fork = c.getString("fork");
        if (!fork.equals("all") && !fork.equals("external")) {
            throw new IllegalArgumentException("epic.cluster.fork must be \"all\" or \"external\", not \"" + fork + "\"");
        }
        // Leave room for the message around the value and for the estimate's error.
        long frame = config.getBytes("pekko.remote.artery.advanced.maximum-large-frame-size");
        return new ClusterSettings(fork.equals("all"), c.getInt("purity-budget"), c.getDuration("worker-wait"), frame / 2,
                c.getInt("max-node-losses"));
    }
}
