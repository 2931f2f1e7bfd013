package dev.epic.lang;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Threads with room for the deepest allowed nesting, kept for a while after use: parsing and compiling recurse
 * over the tree, and starting such a thread for every compile cost more than compiling a small program. Up to
 * two threads per core and two more, a compile gets a thread as it is submitted (the executor starts one while
 * it has fewer than that); past that, compiles queue for the next thread to come free. Idle threads end after
 * 30 s.
 */
final class CompilerThreads {
    private CompilerThreads() {}

    private static final long COMPILER_STACK_BYTES = 1L << 30;

    interface Job<T> {
        T run();
    }

    private static final class Pool {
        static final ThreadLocal<Boolean> MINE = ThreadLocal.withInitial(() -> false);
        static final ThreadPoolExecutor POOL = pool();

        private static ThreadPoolExecutor pool() {
            int threads = 2 * Math.max(1, Runtime.getRuntime().availableProcessors()) + 2;
            ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(null, () -> {
                            MINE.set(true);
                            r.run();
                        }, "epic-compiler", COMPILER_STACK_BYTES);
                        t.setDaemon(true);
                        return t;
                    });
            p.allowCoreThreadTimeOut(true);
            return p;
        }
    }

    /** Runs {@code job} on a compiler thread (at once if this is one) and returns its result. */
    static <T> T onCompilerStack(Job<T> job) {
        if (Pool.MINE.get()) {
            return job.run();
        }
        Future<T> out = Pool.POOL.submit(job::run);
        try {
            // No deadline: a compile is one pass over bounded text (nesting is capped), and its caller has no
            // better answer than its result; it no longer queues behind other compiles.
            return out.get();
        } catch (InterruptedException e) {
            out.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
