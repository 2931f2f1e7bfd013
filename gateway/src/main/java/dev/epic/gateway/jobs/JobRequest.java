package dev.epic.gateway.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * A job as a client asked for it, already checked against the gateway's limits: the program text, its
 * {@code args} (a JSON object, bound in the program as the record {@code args}), the limits it runs under and
 * the engine that runs it. {@code maxMemoryBytes} is the memory the job may hold. A finished job holds it {@link #withoutText}: {@code program} and {@code args} are
 * then null, and only the {@link dev.epic.gateway.store.JobStore} has them.
 */
public record JobRequest(String program, ObjectNode args, long maxSteps, Duration timeout, String engine,
                         long maxMemoryBytes) {
    /** The limits and engine alone, for a job that will not run again: its text and args stay out of memory. */
    public JobRequest withoutText() {
        return program == null && args == null ? this : new JobRequest(null, null, maxSteps, timeout, engine, maxMemoryBytes);
    }
}
