package dev.epic.gateway.store;

/**
 * How a job ended, as {@link JobStore#finish} records it: its final state's label, when it started running
 * (null if it never did), when it ended (epoch ms), its outcome and its events as JSON, and how many events.
 */
public record JobEnd(String state, Long startedAt, long finishedAt, String outcomeJson, String eventsJson, int eventCount) {}
