package dev.epic.gateway.jobs;

import dev.epic.gateway.store.JobEnd;
import dev.epic.gateway.store.JobStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes how jobs ended to the {@link JobStore}, off the caller's thread. A failed write (the disk full for a
 * moment, a lock timeout) is logged and tried again with exponential backoff up to {@code maxDelay}, until it
 * succeeds or the gateway stops; a job whose end was never written runs again at the next start, as after a
 * crash. {@code written} runs once the end is in the database.
 */
final class EndWriter {
    private static final Logger LOG = LoggerFactory.getLogger(EndWriter.class);
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final JobStore store;
    private final Executor blocking;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final BooleanSupplier stopping;

    EndWriter(JobStore store, Executor blocking, Duration firstDelay, Duration maxDelay, BooleanSupplier stopping) {
        this.store = store;
        this.blocking = blocking;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.stopping = stopping;
    }

    void write(String id, JobEnd end, Runnable written) {
        attempt(id, end, written, 1);
    }

    private void attempt(String id, JobEnd end, Runnable written, int n) {
        CompletableFuture<Void> f;
        try {
            f = CompletableFuture.runAsync(() -> store.finish(id, end), blocking);
        } catch (RejectedExecutionException e) {
            LOG.warn("the end of job {} was not recorded (the gateway is stopping); it runs again at the next start", id);
            return;
        }
        f.whenComplete((v, failure) -> {
            if (failure == null) {
                written.run();
                return;
            }
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            if (stopping.getAsBoolean()) {
                LOG.warn("the end of job {} was not recorded ({}); it runs again at the next start", id, cause.getMessage());
                return;
            }
            long delay = Math.min(maxDelay.toMillis(), firstDelay.toMillis() << Math.min(n - 1, 20));
            LOG.warn("cannot record the end of job {} (attempt {}): {}; trying again in {} ms", id, n, cause.getMessage(), delay);
            Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, blocking);
            try {
                later.execute(() -> attempt(id, end, written, n + 1));
            } catch (RejectedExecutionException e) {
                LOG.warn("the end of job {} was not recorded (the gateway is stopping); it runs again at the next start", id);
            }
        });
    }
}
