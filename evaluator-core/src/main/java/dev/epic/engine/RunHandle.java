package dev.epic.engine;

import java.util.concurrent.CompletionStage;

/** A program that is running: its eventual result, and a way to stop it. */
public interface RunHandle {
    CompletionStage<RunResult> result();

    /** Stops the run; its result becomes a "cancelled" error. Calls in flight are abandoned. */
    void cancel();
}
