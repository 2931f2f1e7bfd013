package dev.epic.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Compiles run on threads with a large stack, and none waits behind another while the pool may grow. */
class CompilerThreadsTest {
    @Test
    void asManyCompilesAsThePoolMayHoldRunTogether() throws Exception {
        int together = 2 * Runtime.getRuntime().availableProcessors() + 2;
        CountDownLatch started = new CountDownLatch(together);
        ExecutorService callers = Executors.newFixedThreadPool(together);
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < together; i++) {
                // Each compile finishes only once every one of them has started.
                outcomes.add(callers.submit(() -> CompilerThreads.onCompilerStack(() -> {
                    started.countDown();
                    try {
                        return started.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                })));
            }
            for (Future<Boolean> f : outcomes) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aCompileStartedOnACompilerThreadRunsInPlace() {
        Thread outer = CompilerThreads.onCompilerStack(() -> {
            Thread here = Thread.currentThread();
            assertThat(CompilerThreads.onCompilerStack(Thread::currentThread)).isSameAs(here);
            return here;
        });
        assertThat(outer.getName()).isEqualTo("epic-compiler");
        assertThat(outer).isNotSameAs(Thread.currentThread());
    }
}
