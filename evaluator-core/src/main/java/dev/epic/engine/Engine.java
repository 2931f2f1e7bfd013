package dev.epic.engine;

import dev.epic.lang.eval.Failures;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Span;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Something that runs compiled programs. */
public interface Engine extends AutoCloseable {
    /** How long past its own timeout a run may take to report before {@link #run} gives up on it. */
    Duration REPORT_GRACE = Duration.ofSeconds(30);

    /** {@code sequential} or {@code opportunistic}. */
    String name();

    RunHandle start(Program program, RunOptions options);

    /**
     * Runs to the end. The wait is bounded: a run that has not reported {@link #REPORT_GRACE} after its timeout
     * is cancelled and reported as timed out, so no caller waits forever on an engine that lost track of a job.
     */
    default RunResult run(Program program, RunOptions options) {
        RunHandle h = start(program, options);
        long start = System.nanoTime();
        try {
            return h.result().toCompletableFuture().get(options.timeout().plus(REPORT_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            h.cancel();
            return new RunResult(null, Limits.timeout(options.timeout()), RunStats.none(name(), start));
        } catch (InterruptedException e) {
            h.cancel();
            Thread.currentThread().interrupt();
            return new RunResult(null, Limits.cancelled(), RunStats.none(name(), start));
        } catch (ExecutionException e) {
            return new RunResult(null, Failures.of(e.getCause(), Span.NONE, null), RunStats.none(name(), start));
        }
    }

    @Override
    default void close() {}
}
