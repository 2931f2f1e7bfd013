package dev.epic.cli;

import dev.epic.host.EpicRuntime;
import dev.epic.cluster.ClusterMember;
import dev.epic.cluster.ClusterEngine;
import dev.epic.cluster.ClusterSettings;
import dev.epic.cluster.NodeReport;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.lang.compile.Program;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code epic run --cluster}: this process joins the cluster as a member without the worker role, hosts the
 * job's supervisor, and spreads the job over the worker nodes. It leaves the cluster when the runtime closes.
 */
final class ClusterSubmit {
    record Outcome(RunResult result, List<NodeReport> nodes) {}

    private ClusterSubmit() {}

    /** Runs {@code program} on the cluster; null (after a message on {@code err}) if the cluster was not reached. */
    static Outcome run(EpicRuntime runtime, Program program, RunOptions options, PrintWriter err) {
        ClusterSettings settings = ClusterSettings.fromConfig(runtime.config());
        ClusterEngine engine = ClusterMember.join(runtime);
        try {
            if (!ClusterMember.awaitWorker(runtime, settings.workerWait())) {
                err.println("epic: no worker node of the cluster was reached within " + settings.workerWait().toSeconds()
                        + " s (seeds " + runtime.system().settings().config().getStringList("pekko.cluster.seed-nodes") + ")");
                err.flush();
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        ClusterEngine.ClusterRun run = engine.start(program, options);
        RunResult result = run.result().toCompletableFuture().join();
        List<NodeReport> nodes;
        try {
            nodes = run.nodes().toCompletableFuture().join();
        } catch (java.util.concurrent.CompletionException e) {
            err.println("epic: warning: " + e.getCause().getMessage());
            err.flush();
            nodes = List.of();
        }
        return new Outcome(result, nodes);
    }
}
