package dev.epic.engine;

import dev.epic.lang.compile.Program;

/** Something that runs compiled programs. */
public interface Engine extends AutoCloseable {
    /** {@code sequential} or {@code opportunistic}. */
    String name();

    RunHandle start(Program program, RunOptions options);

    /** Runs to the end; the options' timeout bounds the wait. */
    default RunResult run(Program program, RunOptions options) {
        return start(program, options).result().toCompletableFuture().join();
    }

    @Override
    default void close() {}
}
