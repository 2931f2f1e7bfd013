package dev.epic.cluster;

import dev.epic.host.EpicRuntime;
import dev.epic.cluster.ClusterEngine;
import dev.epic.cluster.ClusterNode;
import dev.epic.cluster.ClusterSettings;
import dev.epic.host.StandardLanguage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process that joins a cluster to hand jobs to its workers without being one ({@code epic run --cluster},
 * {@code epic gateway --cluster}): its runtime with the cluster configuration and shared batchers, the cluster
 * engine installed on that runtime's actor system, and the wait for a worker. Shared so the two commands join
 * alike.
 */
public final class ClusterMember {
    private ClusterMember() {}

    /**
     * The runtime of a member at {@code host} (on a free port) joining {@code seeds} ({@code HOST:PORT} or
     * {@code pekko://epic@HOST:PORT}) with {@code roles}; throws {@link com.typesafe.config.ConfigException} or
     * {@link IllegalArgumentException} for bad settings.
     */
    public static EpicRuntime runtime(Path config, String host, List<String> seeds, List<String> roles,
                                      String modelUrl, String model) {
        EpicRuntime runtime = new EpicRuntime(ClusterNode.config(config, host, 0, seedAddresses(seeds), roles), modelUrl, model);
        runtime.modelSettings();
        runtime.placeBatchers(dev.epic.cluster.models.ClusterBatchers.PLACEMENT);
        ClusterSettings.fromConfig(runtime.config());
        return runtime;
    }

    /** Seed addresses as Pekko wants them: {@code HOST:PORT} becomes {@code pekko://epic@HOST:PORT}. */
    public static List<String> seedAddresses(List<String> seeds) {
        List<String> out = new ArrayList<>();
        for (String s : seeds) {
            String t = s.trim();
            if (t.isEmpty()) {
                continue;
            }
            out.add(t.contains("://") ? t : "pekko://epic@" + t);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no seed node given (HOST:PORT or pekko://epic@HOST:PORT, comma-separated)");
        }
        return out;
    }

    /** Installs the member's actors on the runtime's actor system (joining the cluster) and returns its engine. */
    public static ClusterEngine join(EpicRuntime runtime) {
        return ClusterNode.install(runtime.system(), s -> StandardLanguage.compile(s, runtime.registry()));
    }

    /** True once this member is Up and sees a worker Up, false if that did not happen within {@code wait}. */
    public static boolean awaitWorker(EpicRuntime runtime, Duration wait) throws InterruptedException {
        var system = runtime.system();
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            ClusterNode.up(system).get(wait.toMillis(), TimeUnit.MILLISECONDS);
            // The membership view fills in shortly after joining; wait until a worker shows in it.
            while (ClusterNode.workersUp(system) == 0) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(50);
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
