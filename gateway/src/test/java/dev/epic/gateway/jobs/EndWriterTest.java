package dev.epic.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.gateway.store.JobEnd;
import dev.epic.gateway.store.JobRecord;
import dev.epic.gateway.store.JobStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A job's end whose database write fails is written again, not dropped. */
class EndWriterTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Records each {@code finish}; the first {@code failures} of them throw. */
    static class FlakyStore implements JobStore {
        final AtomicInteger failures;
        final List<String> finished = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();

        FlakyStore(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public void insert(JobRecord job) {}

        @Override
        public void finish(String id, JobEnd end) {
            attempts.incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("job database: disk full");
            }
            finished.add(id + " " + end.state() + " " + end.eventCount());
        }

        @Override
        public void startRun(String id, int run) {}

        @Override
        public void markRunning(String id) {}

        @Override
        public void markQueued(List<String> ids) {}

        @Override
        public int countCrash(String id) {
            return 0;
        }

        @Override
        public List<JobRecord> loadAll() {
            return List.of();
        }

        @Override
        public String events(String id) {
            return null;
        }

        @Override
        public List<String> deleteFinishedBefore(long epochMs) {
            return List.of();
        }

        @Override
        public void close() {}
    }

    @Test
    void aWriteThatFailsOnceIsRetriedAndThenRecorded() throws Exception {
        FlakyStore store = new FlakyStore(1);
        EndWriter w = new EndWriter(store, pool, Duration.ofMillis(1), Duration.ofMillis(10), () -> false);
        CompletableFuture<Void> written = new CompletableFuture<>();
        w.write("j1", new JobEnd("succeeded", 0L, 1L, "{}", "[]", 3), () -> written.complete(null));
        written.get(30, TimeUnit.SECONDS);
        assertThat(store.attempts).hasValue(2);
        assertThat(store.finished).containsExactly("j1 succeeded 3");
    }

    @Test
    void retriesStopWhenTheGatewayStops() throws Exception {
        FlakyStore store = new FlakyStore(Integer.MAX_VALUE);
        CompletableFuture<Void> secondAttempt = new CompletableFuture<>();
        boolean[] stopping = {false};
        EndWriter w = new EndWriter(new FlakyStore(0) {
            @Override
            public void finish(String id, JobEnd end) {
                if (store.attempts.get() == 1) {
                    // From the second attempt on, the gateway is stopping: this one fails and is not retried.
                    stopping[0] = true;
                    secondAttempt.complete(null);
                }
                store.finish(id, end);
            }
        }, pool, Duration.ofMillis(1), Duration.ofMillis(10), () -> stopping[0]);
        w.write("j1", new JobEnd("failed", null, 1L, "{}", "[]", 0), () -> {});
        secondAttempt.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(store.attempts).hasValue(2);
        assertThat(store.finished).isEmpty();
    }
}
