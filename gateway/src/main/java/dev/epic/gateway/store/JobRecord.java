package dev.epic.gateway.store;

/**
 * A job as the database holds it. {@code seq} orders jobs by submission (the list's cursor);
 * {@code outcomeJson} is null until the job finishes (then: result or error, and stats); {@code program} and
 * {@code argsJson} are null when {@link JobStore#loadAll} reads a finished job; times are epoch ms;
 * {@code startedAt} is when its last run started, recorded with its end (null before, or if it never ran);
 * {@code eventCount} is the number of events recorded with the end (0 before); {@code run} counts the job's runs
 * (1, then one more each time a restart runs it again), and prefixes its event ids; {@code crashes} counts its runs that
 * started and never ended because the process died (see {@link JobStore#markRunning}); {@code maxMemoryBytes} is its
 * memory limit (0 in records written before jobs had one: the gateway's default then applies).
 */
public record JobRecord(String id, long seq, String owner, String state, String engine, String program, String argsJson,
                        long maxSteps, long timeoutMs, long submittedAt, Long finishedAt, String outcomeJson, int eventCount, int run,
                        Long startedAt, int crashes, long maxMemoryBytes) {}
