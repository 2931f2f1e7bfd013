package dev.epic.gateway.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.engine.RunHandle;
import dev.epic.lang.compile.Program;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One job in this process: what was asked, where it is, its events so far, and (once finished) its outcome.
 * Thread-safe; every change happens under the job's lock, and readers waiting for the next event or the end
 * are woken through futures rather than by polling.
 *
 * <p>Events are kept in memory while the job is queued or running, so a stream can resume from any
 * {@code Last-Event-ID}. Once its end (with its events) is in the database they are dropped ({@link #evict}):
 * a finished job in memory is a summary, and its events are read from the database for each stream or
 * timeline that asks ({@link JobService#withEvents}). A job restored after a restart starts as such a summary.
 * A finished job no longer holds its program text and args either ({@link JobRequest#withoutText}): the
 * database has had them since the job was accepted, and nothing reads them once the job will not run again.
 */
public final class Job {
    private final String id;
    private final long seq;
    private final String owner;
    private JobRequest request;
    private final long submittedAt;
    private final int run;
    private final CompletableFuture<Job> done = new CompletableFuture<>();

    private JobState state;
    private Long startedAt;
    private Long finishedAt;
    private ObjectNode outcome;
    private List<JobEvent> events;
    private int eventCount;
    private CompletableFuture<Void> changed = new CompletableFuture<>();
    private RunHandle handle;
    private Program program;
    private boolean cancelRequested;

    Job(String id, long seq, String owner, JobRequest request, long submittedAt, JobState state, List<JobEvent> events, int run) {
        this.run = run;
        this.id = id;
        this.seq = seq;
        this.owner = owner;
        this.request = request;
        this.submittedAt = submittedAt;
        this.state = state;
        this.events = events;
    }

    public String id() {
        return id;
    }

    public long seq() {
        return seq;
    }

    public String owner() {
        return owner;
    }

    /** What was asked; for a finished job without its program text and args (see the class comment). */
    public synchronized JobRequest request() {
        return request;
    }

    public long submittedAt() {
        return submittedAt;
    }

    /**
     * Which run of the job this is: 1, and one more each time a restart runs it again. Event ids are
     * {@code run-n}, so a client resuming with an id from an earlier run is told to start over, not spliced.
     */
    public int run() {
        return run;
    }

    public synchronized JobState state() {
        return state;
    }

    public synchronized Long startedAt() {
        return startedAt;
    }

    public synchronized Long finishedAt() {
        return finishedAt;
    }

    /** Result or error, and stats; null until the job has finished. */
    public synchronized ObjectNode outcome() {
        return outcome;
    }

    /** Completes when the job has finished (succeeded, failed or cancelled). */
    public CompletionStage<Job> done() {
        return done;
    }

    /** How many events the job has now (for a finished job: all of them, in memory or not). */
    public synchronized int eventCount() {
        return events == null ? eventCount : events.size();
    }

    /** The events in memory (empty for a finished job whose events are only in the database). */
    public synchronized List<JobEvent> events() {
        return events == null ? List.of() : List.copyOf(events);
    }

    synchronized boolean eventsInMemory() {
        return events != null;
    }

    /** Drops a finished job's events from memory, once they are in the database. */
    synchronized void evict() {
        if (state.finished() && events != null) {
            eventCount = events.size();
            events = null;
        }
    }

    /**
     * Reads the job's events by index: {@code at(i)} is the event with index {@code i} (0-based) once it exists,
     * empty when the job has finished with fewer events; never completes exceptionally. The reader keeps the
     * event list it was made with, so a stream that started before the job's events were dropped from memory
     * reads to the end. Empty-handed ({@code null}) for a job whose events are not in memory.
     */
    public synchronized EventReader reader() {
        return events == null ? null : new EventReader(this, events);
    }

    /** A job's events, read by index or all at once; see {@link #reader}. */
    public static final class EventReader {
        private final Job job;
        private final List<JobEvent> list;

        private EventReader(Job job, List<JobEvent> list) {
            this.job = job;
            this.list = list;
        }

        public Job job() {
            return job;
        }

        public CompletionStage<Optional<JobEvent>> at(int i) {
            return job.eventAt(list, i);
        }

        /** The events so far. */
        public List<JobEvent> snapshot() {
            synchronized (job) {
                return List.copyOf(list);
            }
        }
    }

    private CompletionStage<Optional<JobEvent>> eventAt(List<JobEvent> list, int i) {
        CompletableFuture<Void> wait;
        synchronized (this) {
            // The list is only appended to, under this lock; after the end nothing is added.
            if (i < list.size()) {
                return CompletableFuture.completedFuture(Optional.of(list.get(i)));
            }
            if (state.finished()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            wait = changed;
        }
        return wait.thenCompose(v -> eventAt(list, i));
    }

    /**
     * Adds an engine event; ignored once the job has finished (a call abandoned by a cancel may still report).
     * False, and nothing added, when the job already has {@code max} events (the {@code done} event is exempt).
     */
    synchronized boolean record(String kind, java.util.function.LongFunction<String> json, int max) {
        if (state.finished()) {
            return true;
        }
        if (events.size() >= max) {
            return false;
        }
        append(kind, json);
        return true;
    }

    private JobEvent append(String kind, java.util.function.LongFunction<String> json) {
        long eventId = events.size() + 1;
        JobEvent e = new JobEvent(eventId, kind, json.apply(eventId));
        events.add(e);
        wake();
        return e;
    }

    private void wake() {
        CompletableFuture<Void> c = changed;
        changed = new CompletableFuture<>();
        c.complete(null);
    }

    synchronized Program program() {
        return program;
    }

    synchronized void prepared(Program p) {
        program = p;
    }

    /**
     * Records that the job is to be cancelled; false if it has already finished. A job taken off the queue but
     * not yet started sees this in {@link #started} and is stopped as soon as it has a handle.
     */
    synchronized boolean requestCancel() {
        if (state.finished()) {
            return false;
        }
        cancelRequested = true;
        return true;
    }

    synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    /** Marks the job running with {@code h}; false if it was cancelled meanwhile (the caller then cancels {@code h}). */
    synchronized boolean started(RunHandle h, long at) {
        if (state != JobState.QUEUED || cancelRequested) {
            return false;
        }
        state = JobState.RUNNING;
        startedAt = at;
        handle = h;
        return true;
    }

    synchronized RunHandle handle() {
        return handle;
    }

    /**
     * Records the end (once) and its {@code done} event; runs {@code beforeDone} before anyone waiting on
     * {@link #done()} hears of it. False if the job had already finished.
     */
    boolean finish(JobState end, ObjectNode outcome, long at, java.util.function.LongFunction<String> doneJson, Runnable beforeDone) {
        synchronized (this) {
            if (state.finished()) {
                return false;
            }
            state = end;
            this.outcome = outcome;
            finishedAt = at;
            program = null;
            request = request.withoutText();
            handle = null;
            append(JobEvent.DONE, doneJson);
        }
        beforeDone.run();
        done.complete(this);
        return true;
    }

    /**
     * A job restored from the database that had already finished, with {@code count} events there; or, with
     * {@code loaded} events, a short-lived copy of a finished job for one stream or timeline.
     */
    synchronized void restoreFinished(JobState end, ObjectNode outcome, Long started, Long at, int count) {
        eventCount = count;
        startedAt = started;
        state = end;
        this.outcome = outcome;
        finishedAt = at;
        request = request.withoutText();
        done.complete(this);
    }
}
