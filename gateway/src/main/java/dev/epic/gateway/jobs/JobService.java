package dev.epic.gateway.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.engine.Event;
import dev.epic.engine.RunHandle;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.gateway.ApiError;
import dev.epic.gateway.GatewaySettings;
import dev.epic.gateway.auth.TokenLimiter;
import dev.epic.gateway.metrics.GatewayMetrics;
import dev.epic.gateway.store.JobEnd;
import dev.epic.gateway.store.JobRecord;
import dev.epic.gateway.store.JobStore;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.CompileException;
import dev.epic.lang.syntax.Span;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's jobs: accepts them (compiled, within the owner's limit, and recorded in the {@link JobStore}
 * before the caller hears back), runs them on the {@link JobExecutor} at most {@code max-running} at a time in
 * submission order, records each one's events and end, cancels, lists, and after a restart restores finished
 * jobs and runs unfinished ones again (programs are pure, so a second run is safe).
 *
 * <p>Blocking work (compiling, the database, starting a job on its engine, which may start the model
 * endpoints) runs on {@code blocking}; what runs on the caller's thread (an HTTP, actor or engine thread) is
 * in-memory only: the owner's limit, the queue, cancel, list. {@link #recover} and {@link #purge} block; they
 * run at start-up and on the purge thread.
 */
public final class JobService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobService.class);
    private final GatewaySettings settings;
    private final JobStore store;
    private final JobExecutor executor;
    private final JobCompiler compiler;
    private final GatewayMetrics metrics;
    private final Executor blocking;
    private final ObjectMapper json;
    private final TokenLimiter limiter;
    private final JobIndex jobs = new JobIndex();
    private final java.util.Set<String> overflowed = ConcurrentHashMap.newKeySet();
    private final AtomicLong seq = new AtomicLong();
    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private int running;
    /** The memory limits of the running jobs, together: at most {@code memory-pool}. */
    private long promised;
    private volatile boolean closing;
    private final EndWriter ends;
    /** What a fatal failure does: by default, stops the process at once (see {@link #onFatal(java.util.function.Consumer)}). */
    private volatile java.util.function.Consumer<String> onFatal = reason -> {
        LOG.error("fatal: {}; the process stops now", reason);
        Runtime.getRuntime().halt(70);
    };

    public JobService(GatewaySettings settings, JobStore store, JobExecutor executor, JobCompiler compiler, GatewayMetrics metrics,
                      Executor blocking, ObjectMapper json) {
        this.settings = settings;
        this.store = store;
        this.executor = executor;
        this.compiler = compiler;
        this.metrics = metrics;
        this.blocking = blocking;
        this.json = json;
        this.limiter = new TokenLimiter(settings.limits().maxJobsPerToken());
        this.ends = new EndWriter(store, blocking, EndWriter.FIRST_DELAY, EndWriter.MAX_DELAY, () -> closing);
    }

    /** Replaces what a fatal failure does (tests observe it instead of stopping their JVM). */
    public void onFatal(java.util.function.Consumer<String> handler) {
        this.onFatal = handler;
    }

    public JobCompiler compiler() {
        return compiler;
    }

    public JobExecutor executor() {
        return executor;
    }

    /** The gateway's pool for blocking work (the database, compiling, starting jobs). */
    public Executor blocking() {
        return blocking;
    }

    /**
     * Compiles, takes a slot of the owner's limit, records the job and queues it. Fails with {@link ApiError}
     * for a program that does not compile (400) or an owner at the limit (429).
     */
    public CompletionStage<Job> submit(String owner, JobRequest request) {
        // The limit is checked first, on the caller's thread: a refusal costs no compilation and no database work.
        if (!limiter.tryAcquire(owner)) {
            long retry = Math.max(1, (settings.limits().retryAfter().toMillis() + 999) / 1000);
            return CompletableFuture.failedFuture(ApiError.tooMany("this token already has " + settings.limits().maxJobsPerToken()
                    + " jobs queued or running (the limit); retry after one finishes", retry));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                Program program = compile(request);
                long now = System.currentTimeMillis();
                Job job = new Job(UUID.randomUUID().toString(), seq.incrementAndGet(), owner, request, now, JobState.QUEUED,
                        new ArrayList<>(), 1);
                store.insert(new JobRecord(job.id(), job.seq(), owner, JobState.QUEUED.label(), request.engine(), request.program(),
                        request.args().toString(), request.maxSteps(), request.timeout().toMillis(), now, null, null, 0, 1, null, 0,
                        request.maxMemoryBytes()));
                job.prepared(program);
                jobs.add(job);
                metrics.jobSubmitted();
                enqueue(job);
                return job;
            } catch (RuntimeException e) {
                limiter.release(owner);
                throw e;
            }
        }, blocking);
    }

    private Program compile(JobRequest request) {
        try {
            return compiler.compile(request.program(), request.args());
        } catch (CompileException e) {
            throw CompileErrors.toApiError(json, e);
        }
    }

    public Job get(String id) {
        return jobs.get(id);
    }

    /** The owner's jobs after {@code afterSeq} in submission order, at most {@code limit}, optionally of one state. */
    public List<Job> list(String owner, long afterSeq, int limit, JobState state) {
        return jobs.list(owner, afterSeq, limit, state);
    }

    public Map<JobState, Long> counts() {
        return jobs.counts();
    }

    /**
     * Cancels a queued or running job; 409 if it has finished. A queued job has ended ({@code cancelled}) when
     * this returns; a running one ends as {@code cancelled} shortly after (its calls in flight are abandoned).
     * A job between the queue and its engine handle (a first model job starting its models) is stopped as soon
     * as it has one: the request is recorded on the job, not lost.
     */
    public Job cancel(Job job) {
        if (!job.requestCancel()) {
            throw ApiError.of(409, "already_finished", "job " + job.id() + " has already finished (" + job.state().label() + ")");
        }
        boolean wasQueued;
        synchronized (this) {
            wasQueued = waiting.remove(job);
        }
        if (wasQueued) {
            end(job, JobState.CANCELLED, Outcomes.cancelledBeforeStart(json), 0);
            return job;
        }
        RunHandle h = job.handle();
        if (h != null) {
            h.cancel();
        }
        return job;
    }

    /**
     * The job's events: those in memory while it has them, else (a finished job) those in the database, read
     * for this one use and not kept, so memory holds only the summaries of finished jobs.
     */
    public CompletionStage<Job.EventReader> withEvents(Job job) {
        Job.EventReader inMemory = job.reader();
        if (inMemory != null) {
            return CompletableFuture.completedFuture(inMemory);
        }
        return CompletableFuture.supplyAsync(() -> {
            String stored = store.events(job.id());
            List<JobEvent> events = new ArrayList<>();
            if (stored != null) {
                for (JsonNode e : Outcomes.parse(json, stored)) {
                    events.add(new JobEvent(e.get("id").asLong(), e.get("kind").asText(), e.toString()));
                }
            }
            Job copy = new Job(job.id(), job.seq(), job.owner(), job.request(), job.submittedAt(), job.state(), events, job.run());
            copy.restoreFinished(job.state(), job.outcome(), job.startedAt(), job.finishedAt(), events.size());
            return copy.reader();
        }, blocking);
    }

    private void enqueue(Job job) {
        synchronized (this) {
            waiting.add(job);
        }
        startNext();
    }

    private void startNext() {
        while (true) {
            Job next;
            synchronized (this) {
                if (closing || running >= settings.limits().maxRunning() || waiting.isEmpty()
                        || running > 0 && promised + waiting.peek().request().maxMemoryBytes() > settings.limits().memoryPool()) {
                    // In submission order: a job whose memory does not fit beside the running ones waits for them.
                    return;
                }
                next = waiting.poll();
                running++;
                promised += next.request().maxMemoryBytes();
            }
            // Starting may block (the first model job starts the model endpoints): never on the caller's thread,
            // which may be an HTTP, actor or engine-callback thread.
            try {
                blocking.execute(() -> launch(next));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Stopping: the job stays unfinished in the database and runs again at the next start.
                return;
            }
        }
    }

    private void launch(Job job) {
        JobRequest r = job.request();
        CallClock calls = new CallClock();
        RunOptions options = RunOptions.defaults().withMaxSteps(r.maxSteps()).withTimeout(r.timeout())
                .withMaxMemory(r.maxMemoryBytes()).withEvents(e -> onEvent(job, calls, e));
        if (job.cancelRequested()) {
            end(job, JobState.CANCELLED, Outcomes.cancelledBeforeStart(json), 1);
            return;
        }
        RunHandle handle;
        try {
            // Before it evaluates anything: a job that takes the process down is found running at the next start.
            store.markRunning(job.id());
            handle = executor.start(job.program(), options, r.engine());
        } catch (RuntimeException e) {
            end(job, JobState.FAILED, Outcomes.failed(json, "engine_unavailable", "the job could not start: " + e.getMessage(), Span.NONE), 1);
            return;
        }
        if (!job.started(handle, System.currentTimeMillis()) || overflowed.contains(job.id())) {
            handle.cancel();
        }
        handle.result().whenComplete((result, failure) -> {
            if (result != null && !result.ok() && result.error().kind() == dev.epic.lang.eval.EvalError.Kind.FATAL) {
                // The heap ran out despite the memory budgets: nothing in this process can be trusted to go on. The
                // job is still recorded as running, so the next start counts it as a crash (crash-retries).
                onFatal.accept("job " + job.id() + ": " + result.error().getMessage());
                return;
            }
            metrics.callsAbandoned(calls.close());
            boolean flooded = overflowed.contains(job.id());
            if (failure != null) {
                end(job, JobState.FAILED, Outcomes.failed(json, "engine_failure", "the engine failed: " + failure, Span.NONE), 1);
            } else if (flooded) {
                end(job, JobState.FAILED, Outcomes.failed(json, "event_limit", "the job produced more than "
                        + settings.limits().maxEventsPerJob() + " events (epic.gateway.limits.max-events-per-job) and was stopped",
                        Span.NONE), 1);
            } else {
                // A cluster run's reports are complete before its result (ClusterEngine finishes them first).
                java.util.List<dev.epic.cluster.NodeReport> nodes = handle instanceof dev.epic.cluster.ClusterEngine.ClusterRun c
                        ? c.nodes().toCompletableFuture().getNow(java.util.List.of()) : java.util.List.of();
                end(job, Outcomes.stateOf(result), Outcomes.of(json, result, nodes,
                        compiler.selfContained() ? JobCompiler.SOURCE_LINE_SHIFT : 0), 1);
            }
            // Removed whatever the outcome, once the job has ended: a finished job records no more events, so
            // its id cannot come back into the set.
            overflowed.remove(job.id());
        });
    }

    private void onEvent(Job job, CallClock calls, Event e) {
        if (Event.DISPATCH.equals(e.kind())) {
            if (calls.dispatched(e.call(), new CallClock.Dispatch(e.tMs(), e.fn()))) {
                metrics.callDispatched();
            }
        } else if ((Event.RESOLVE.equals(e.kind()) || Event.ERROR.equals(e.kind())) && e.call() != 0) {
            CallClock.Dispatch d = calls.ended(e.call());
            if (d != null) {
                metrics.callEnded(d.fn(), (e.tMs() - d.tMs()) / 1000.0);
            }
        }
        if (!job.record(e.kind(), id -> Outcomes.event(json, id, e), settings.limits().maxEventsPerJob())
                && overflowed.add(job.id())) {
            // Events are kept in memory for the job's life: a job that floods them is stopped, not the gateway.
            RunHandle h = job.handle();
            if (h != null) {
                h.cancel();
            }
        }
    }

    /** Records the end in memory, then in the database; {@code slot} is 1 if the job held a running slot. */
    private void end(Job job, JobState state, ObjectNode outcome, int slot) {
        if (closing) {
            // Stopping: the job stays unfinished in the database and runs again at the next start.
            return;
        }
        long now = System.currentTimeMillis();
        long tMs = job.startedAt() == null ? 0 : now - job.startedAt();
        // The owner's slot is free before anyone waiting on the job hears that it ended, so a client that
        // submits again on "done" is not refused. The database write follows; a stop before it only means the
        // job runs again at the next start.
        if (job.finish(state, outcome, now, id -> Outcomes.done(json, id, tMs, state, outcome), () -> limiter.release(job.owner()))) {
            List<JobEvent> all = job.events();
            String events = "[" + String.join(",", all.stream().map(JobEvent::json).toList()) + "]";
            // Once the end is in the database the job's events leave memory; its text and args already have (see Job).
            ends.write(job.id(), new JobEnd(state.label(), job.startedAt(), now, outcome.toString(), events, all.size()), job::evict);
        }
        synchronized (this) {
            running -= slot;
            promised -= slot * job.request().maxMemoryBytes();
        }
        startNext();
    }

    /** A record's memory limit; records written before jobs had one get the default. */
    private long memoryOf(JobRecord r) {
        return r.maxMemoryBytes() > 0 ? Math.min(r.maxMemoryBytes(), settings.limits().memoryPool())
                : settings.limits().defaultMaxMemory();
    }

    /** Restores the database's jobs: finished ones within the retention keep their results, the others run again. */
    public void recover() {
        long oldest = System.currentTimeMillis() - settings.retention().toMillis();
        long maxSeq = 0;
        List<Job> rerun = new ArrayList<>();
        for (JobRecord r : store.loadAll()) {
            maxSeq = Math.max(maxSeq, r.seq());
            JobState state;
            JobRequest req;
            ObjectNode outcome = null;
            try {
                state = JobState.of(r.state());
                if (state.finished() && r.finishedAt() != null && r.finishedAt() < oldest) {
                    continue;
                }
                if (state.finished()) {
                    // A finished job never runs again: its text and args stay in the database (see Job).
                    req = new JobRequest(null, null, r.maxSteps(), Duration.ofMillis(r.timeoutMs()), r.engine(), memoryOf(r));
                    outcome = (ObjectNode) Outcomes.parse(json, r.outcomeJson());
                } else {
                    if (r.program() == null || r.argsJson() == null) {
                        // Unfinished by its state but with an end time: the store has not kept its text.
                        throw new IllegalStateException("an unfinished job's record has no program text");
                    }
                    ObjectNode args = (ObjectNode) Outcomes.parse(json, r.argsJson());
                    req = new JobRequest(r.program(), args, r.maxSteps(), Duration.ofMillis(r.timeoutMs()), r.engine(), memoryOf(r));
                }
            } catch (RuntimeException e) {
                // One damaged row must not keep the gateway (and every other job) down: that job fails, visibly.
                restoreCorrupt(r, e);
                continue;
            }
            if (state.finished()) {
                Job j = new Job(r.id(), r.seq(), r.owner(), req, r.submittedAt(), state, null, r.run());
                j.restoreFinished(state, outcome, r.startedAt(), r.finishedAt(), r.eventCount());
                jobs.add(j);
            } else if (state == JobState.RUNNING && crashedTooOften(r)) {
                continue;
            } else {
                // A new run: its events get new ids (run-n), recorded before it produces any.
                store.startRun(r.id(), r.run() + 1);
                Job j = new Job(r.id(), r.seq(), r.owner(), req, r.submittedAt(), JobState.QUEUED, new ArrayList<>(), r.run() + 1);
                jobs.add(j);
                limiter.force(j.owner());
                rerun.add(j);
            }
        }
        seq.set(maxSeq);
        for (Job j : rerun) {
            try {
                j.prepared(compiler.compile(j.request().program(), j.request().args()));
                enqueue(j);
            } catch (CompileException e) {
                end(j, JobState.FAILED, Outcomes.failed(json, "compile_error", e.diagnostics().get(0).message(),
                        e.diagnostics().get(0).span()), 0);
            }
        }
    }

    /**
     * A job found running at start-up was running when the process died: one more crash. Past
     * {@code epic.gateway.crash-retries} it is not run again but ends as failed ({@code crashed}), so one job
     * cannot keep the gateway in a crash loop; returns whether it ended so.
     */
    private boolean crashedTooOften(JobRecord r) {
        int crashes = store.countCrash(r.id());
        if (crashes <= settings.crashRetries()) {
            LOG.warn("job {} was running when the process stopped unexpectedly ({} time(s)); it runs again", r.id(), crashes);
            return false;
        }
        LOG.error("job {} was running each of the {} times the process died; it is not run again (crashed)", r.id(), crashes);
        ObjectNode outcome = Outcomes.failed(json, "crashed", "the job was running each time the gateway's process died ("
                + crashes + " times); it is not run again", Span.NONE);
        long now = System.currentTimeMillis();
        JobRequest req = new JobRequest(null, null, r.maxSteps(), Duration.ofMillis(r.timeoutMs()), r.engine(), memoryOf(r));
        Job j = new Job(r.id(), r.seq(), r.owner(), req, r.submittedAt(), JobState.FAILED, null, r.run());
        j.restoreFinished(JobState.FAILED, outcome, r.startedAt(), now, 0);
        jobs.add(j);
        // Recorded before the gateway serves, so a crash right after start-up does not count the job again.
        store.finish(j.id(), new JobEnd(JobState.FAILED.label(), r.startedAt(), now, outcome.toString(), "[]", 0));
        return true;
    }

    private void restoreCorrupt(JobRecord r, RuntimeException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        LOG.error("job {} in the database cannot be read ({}); it is marked failed (corrupt_record)", r.id(), why);
        ObjectNode outcome = Outcomes.failed(json, "corrupt_record", "the gateway could not read this job's record after a restart: "
                + why, Span.NONE);
        long now = System.currentTimeMillis();
        JobRequest req = new JobRequest(r.program() == null ? "" : r.program(), json.createObjectNode(), r.maxSteps(),
                Duration.ofMillis(Math.max(0, r.timeoutMs())), r.engine() == null ? "" : r.engine(), memoryOf(r));
        Job j = new Job(r.id(), r.seq(), r.owner() == null ? "" : r.owner(), req, r.submittedAt(), JobState.FAILED, null, Math.max(1, r.run()));
        j.restoreFinished(JobState.FAILED, outcome, null, now, 0);
        jobs.add(j);
        ends.write(j.id(), new JobEnd(JobState.FAILED.label(), null, now, outcome.toString(), "[]", 0), () -> {});
    }

    /** Deletes finished jobs older than the retention, from the database and from memory. */
    public void purge() {
        for (String id : store.deleteFinishedBefore(System.currentTimeMillis() - settings.retention().toMillis())) {
            jobs.remove(id);
        }
    }

    /** Stops: running jobs are abandoned without recording an end, so they run again at the next start. */
    public void close() {
        List<RunHandle> handles = new ArrayList<>();
        synchronized (this) {
            closing = true;
            waiting.clear();
        }
        for (Job j : jobs.all()) {
            RunHandle h = j.handle();
            if (h != null) {
                handles.add(h);
            }
        }
        handles.forEach(RunHandle::cancel);
        // A stop on purpose is not a crash: jobs it interrupts run again without counting against them.
        List<String> interrupted = new ArrayList<>();
        for (Job j : jobs.all()) {
            if (j.state() == JobState.RUNNING) {
                interrupted.add(j.id());
            }
        }
        try {
            store.markQueued(interrupted);
        } catch (RuntimeException e) {
            LOG.warn("could not record that {} running job(s) were stopped on purpose: {}", interrupted.size(), e.getMessage());
        }
    }
}
