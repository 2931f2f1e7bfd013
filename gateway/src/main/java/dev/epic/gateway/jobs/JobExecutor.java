package dev.epic.gateway.jobs;

import dev.epic.engine.RunHandle;
import dev.epic.engine.RunOptions;
import dev.epic.lang.compile.Program;
import java.util.List;

/**
 * Where the gateway's jobs are evaluated: the one seam between the job layer and the engines. Chosen once at
 * start-up: {@link LocalJobExecutor} evaluates in this JVM; {@link ClusterJobExecutor} hands jobs to
 * {@code worker} nodes through the cluster {@link dev.epic.engine.Engine}, without changing the job layer.
 */
public interface JobExecutor extends AutoCloseable {
    /** The names a job's {@code engine} field may take; the first is the default. */
    List<String> engines();

    /** Starts {@code program} on the named engine (one of {@link #engines()}). */
    RunHandle start(Program program, RunOptions options, String engine);

    /** Ready to take jobs (for a cluster: membership is up). */
    boolean ready();

    /** A short description for logs and /ready, e.g. {@code local}. */
    String describe();

    /**
     * Whether a job's program must compile from its text alone (no bindings besides the text, no gateway-only
     * functions), as when other processes compile it again: see {@link JobCompiler}.
     */
    default boolean selfContainedPrograms() {
        return false;
    }

    @Override
    default void close() {}
}
