package dev.epic.runtime;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import java.util.concurrent.CompletionStage;

/**
 * What an engine built on this one (a cluster engine) adds to a job: a place to run forked applications
 * other than here, answers for external calls the job already completed elsewhere, and a report of each call
 * completed here. Every method is called on a redex's or the supervisor's turn and must not block. The
 * single-JVM engine uses {@link #NONE}: nothing forks, nothing is known in advance.
 */
public interface JobHooks {
    JobHooks NONE = new JobHooks() {};

    /** Runs {@code fn arg} elsewhere: a stage for its fully known value, or null to apply it here. */
    default CompletionStage<Value> fork(Value fn, Value arg, Span site) {
        return null;
    }

    /**
     * The value of a call with this key that the job completed elsewhere, to answer this call with instead of
     * issuing it; null to issue it.
     */
    default Value known(String key) {
        return null;
    }

    /** A call of this job completed here with {@code value}. */
    default void completed(String key, Value value) {}

    /** A {@code print} of this job, displayed. */
    default void output(String displayed) {}
}
