package dev.epic.gateway.store;

import java.util.List;

/**
 * Durable record of jobs. Every method blocks until the database has done it; callers run them off the HTTP
 * threads. A job is accepted only once {@link #insert} has returned.
 */
public interface JobStore extends AutoCloseable {
    void insert(JobRecord job);

    /** Records how a job ended, with its events (a JSON array) for streams and timelines after a restart. */
    void finish(String id, JobEnd end);

    /** Records that the job runs again, as run number {@code run} (after a restart). */
    void startRun(String id, int run);

    /**
     * Records, before the job starts evaluating, that it is running: if the process dies before {@link #finish},
     * the next start finds it still running and counts the crash ({@code JobRecord.crashes}).
     */
    void markRunning(String id);

    /**
     * Records that running jobs were stopped on purpose (the gateway is shutting down): back to queued, and not
     * counted as crashes.
     */
    void markQueued(List<String> ids);

    /** Counts one crash of an unfinished job that was running when its process died; returns the new count. */
    int countCrash(String id);

    /**
     * Every job, in submission order, without events; the program text and args only of unfinished jobs (null
     * for finished ones, which never run again), so a restart does not read every retained job's text.
     */
    List<JobRecord> loadAll();

    /** The events of a finished job (a JSON array), or null. */
    String events(String id);

    /** Deletes finished jobs that ended before {@code epochMs}; returns their ids. */
    List<String> deleteFinishedBefore(long epochMs);

    @Override
    void close();
}
