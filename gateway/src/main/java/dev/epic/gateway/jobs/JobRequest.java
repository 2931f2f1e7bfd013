package dev.epic.gateway.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * A job as a client asked for it, already checked against the gateway's limits: the program text, its
 * {@code args} (a JSON object, bound in the program as the record {@code args}), the limits it runs under and
 * the engine that runs it.
 */
public record JobRequest(String program, ObjectNode args, long maxSteps, Duration timeout, String engine) {}
