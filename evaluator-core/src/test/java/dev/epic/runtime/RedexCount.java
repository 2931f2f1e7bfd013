package dev.epic.runtime;

import java.time.Duration;
import java.util.function.IntPredicate;

/** Follows the redexes of one job as its supervisor reports them, for tests that wait for a count. */
final class RedexCount implements JobContext.RedexWatch {
    private int live;
    private int spawned;

    @Override
    public synchronized void changed(int live, int spawned) {
        this.live = live;
        this.spawned = spawned;
        notifyAll();
    }

    synchronized int spawned() {
        return spawned;
    }

    /** Waits until at least {@code n} redexes are alive at once. */
    void awaitLive(int n, Duration timeout) throws InterruptedException {
        await(timeout, "live redexes", () -> live, x -> x >= n);
    }

    /** Waits until at least {@code n} redexes were spawned, the root included. */
    void awaitSpawned(int n, Duration timeout) throws InterruptedException {
        await(timeout, "spawned redexes", () -> spawned, x -> x >= n);
    }

    /** Waits until at least {@code n} redexes have finished. */
    void awaitFinished(int n, Duration timeout) throws InterruptedException {
        await(timeout, "finished redexes", () -> spawned - live, x -> x >= n);
    }

    private synchronized void await(Duration timeout, String what, java.util.function.IntSupplier count, IntPredicate done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(count.getAsInt())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what + ": " + count.getAsInt()
                        + " (live " + live + ", spawned " + spawned + ")");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
