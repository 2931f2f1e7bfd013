package dev.epic.cluster;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code epic.cluster} settings (documented in {@code epic-cluster.conf}).
 *
 * @param forkAll          ship every portable {@code List.map} element, not only those that may call out
 * @param purityBudget     how many parts of a function value to look through when deciding it is pure
 * @param workerWait       how long a submitting member waits for the first worker node
 */
public record ClusterSettings(boolean forkAll, int purityBudget, Duration workerWait) {
    public static ClusterSettings fromConfig(Config config) {
        Config c = config.getConfig("epic.cluster");
        String fork = c.getString("fork");
        if (!fork.equals("all") && !fork.equals("external")) {
            throw new IllegalArgumentException("epic.cluster.fork must be \"all\" or \"external\", not \"" + fork + "\"");
        }
        return new ClusterSettings(fork.equals("all"), c.getInt("purity-budget"), c.getDuration("worker-wait"));
    }
}
