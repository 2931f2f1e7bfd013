package dev.epic.gateway.jobs;

import dev.epic.cluster.ClusterMember;
import dev.epic.host.EpicRuntime;
import dev.epic.cluster.ClusterEngine;
import dev.epic.cluster.ClusterNode;
import dev.epic.engine.Engine;
import dev.epic.engine.RunHandle;
import dev.epic.engine.RunOptions;
import dev.epic.engine.SequentialEngine;
import dev.epic.lang.compile.Program;
import java.util.List;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Hands jobs to the cluster's {@code worker} nodes: this gateway is a member (role {@code gateway}, never
 * {@code worker}) that hosts each job's supervisor and ships its forked work through the {@link ClusterEngine}.
 * The engine name {@code opportunistic} (the default) means the cluster; {@code sequential} still evaluates in
 * this process, as it forks nothing. The runtime must carry the member's configuration
 * ({@link ClusterMember#runtime}).
 */
public final class ClusterJobExecutor implements JobExecutor {
    /** The gateway's cluster role. */
    public static final String ROLE = "gateway";
    /** The engine names jobs use; the cluster engine answers to the opportunistic one. */
    private static final String OPPORTUNISTIC = "opportunistic";

    private final EpicRuntime runtime;
    private final ClusterEngine cluster;
    private final Engine sequential = new SequentialEngine();

    public ClusterJobExecutor(EpicRuntime runtime) {
        this.runtime = runtime;
        this.cluster = ClusterMember.join(runtime);
    }

    @Override
    public List<String> engines() {
        return List.of(OPPORTUNISTIC, sequential.name());
    }

    @Override
    public RunHandle start(Program program, RunOptions options, String engine) {
        runtime.startModelsFor(program);
        if (sequential.name().equals(engine)) {
            return sequential.start(program, options);
        }
        if (!ready()) {
            // Without a worker the forked work would wait for one until the job's timeout: fail now instead.
            throw new IllegalStateException("no worker node of the cluster is up (" + describe() + ")");
        }
        return cluster.start(program, options);
    }

    /** Worker nodes compile a job again from its text, so {@code args} travels in the text. */
    @Override
    public boolean selfContainedPrograms() {
        return true;
    }

    /** Up as a member, and at least one worker is up to take work. */
    @Override
    public boolean ready() {
        return memberUp() && ClusterNode.workersUp(runtime.system()) > 0;
    }

    private boolean memberUp() {
        return Cluster.get(runtime.system()).selfMember().status() == MemberStatus.up();
    }

    @Override
    public String describe() {
        var member = Cluster.get(runtime.system()).selfMember();
        return "cluster member " + member.address() + " " + new java.util.TreeSet<>(member.getRoles()) + " (" + member.status() + "), "
                + ClusterNode.workersUp(runtime.system()) + " worker(s) up";
    }
}
