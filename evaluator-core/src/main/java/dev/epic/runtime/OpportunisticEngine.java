package dev.epic.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.epic.engine.Engine;
import dev.epic.engine.RunHandle;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.RunStats;
import dev.epic.engine.SequentialEngine;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.compile.Program;
import dev.epic.lang.value.Value;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Opportunistic evaluation on Pekko Typed actors in this JVM. Each job gets a {@link JobSupervisor}; every
 * computation that must wait becomes a {@link Redex} actor under it; external calls are dispatched as soon
 * as their arguments are known.
 *
 * <p>Errors: the job stops at the first error it meets, which in this order of evaluation need not be the
 * one the sequential order meets first. So that both engines report the same error, a failed job is
 * re-run by the {@link SequentialEngine} with the calls that already completed answered from memory; that
 * run meets the sequential error at the cost of pure reductions only. Limits (steps, time, cancellation)
 * are reported as they are.
 */
public final class OpportunisticEngine implements Engine {
    private static final Duration ASK_GRACE = Duration.ofSeconds(30);

    private final ActorSystem<SpawnProtocol.Command> system;
    private final boolean ownsSystem;
    private final AtomicLong jobIds = new AtomicLong();

    public OpportunisticEngine() {
        this(ActorSystem.create(SpawnProtocol.create(), "epic", config()), true);
    }

    public OpportunisticEngine(ActorSystem<SpawnProtocol.Command> system) {
        this(system, false);
    }

    private OpportunisticEngine(ActorSystem<SpawnProtocol.Command> system, boolean ownsSystem) {
        this.system = system;
        this.ownsSystem = ownsSystem;
    }

    private static Config config() {
        // Initialise logging before the actor system's threads log concurrently.
        org.slf4j.LoggerFactory.getLogger(OpportunisticEngine.class);
        return ConfigFactory.load();
    }

    @Override
    public String name() {
        return "opportunistic";
    }

    @Override
    public RunHandle start(Program program, RunOptions options) {
        return start(new JobContext(program, options));
    }

    /**
     * Runs {@code program} with {@code hooks} (forks, remembered calls); {@code completed} is the job's record
     * of completed calls, shared with the caller, which may add calls completed elsewhere.
     */
    public RunHandle start(Program program, RunOptions options, JobHooks hooks, ConcurrentHashMap<String, Value> completed) {
        return start(new JobContext(program, options, hooks, completed, null, null));
    }

    /**
     * Runs the application {@code fn arg} of a compiled {@code program} (a subtree forked off a job elsewhere)
     * until its value is fully known; {@code hooks} may answer calls the job already completed elsewhere.
     */
    public RunHandle startApplication(Program program, Value fn, Value arg, RunOptions options, JobHooks hooks,
                                      ConcurrentHashMap<String, Value> completed) {
        return start(new JobContext(program, options, hooks, completed, fn, arg));
    }

    /**
     * As {@link #startApplication(Program, Value, Value, RunOptions, JobHooks, ConcurrentHashMap)}, with the
     * job's supervisor spawned by {@code parent} (a cluster node's supervisor keeps its subtrees under it).
     */
    public RunHandle startApplication(Program program, Value fn, Value arg, RunOptions options, JobHooks hooks,
                                      ConcurrentHashMap<String, Value> completed, ActorRef<SpawnProtocol.Command> parent) {
        return start(new JobContext(program, options, hooks, completed, fn, arg), parent);
    }

    RunHandle start(JobContext job) {
        return start(job, system);
    }

    private RunHandle start(JobContext job, ActorRef<SpawnProtocol.Command> parent) {
        Program program = job.program;
        RunOptions options = job.options;
        Duration askTimeout = options.timeout().plus(ASK_GRACE);
        // The supervisor starts as it is spawned and completes `finished` itself: no Start round trip first.
        CompletableFuture<JobSupervisor.Finished> finished = new CompletableFuture<>();
        CompletionStage<ActorRef<JobSupervisor.Command>> spawned = AskPattern.ask(parent,
                replyTo -> new SpawnProtocol.Spawn<>(JobSupervisor.create(job, finished::complete), "job-" + jobIds.incrementAndGet(),
                        Props.empty(), replyTo),
                askTimeout, system.scheduler());
        spawned.whenComplete((ref, failure) -> {
            if (failure != null) {
                finished.completeExceptionally(failure);
            }
        });
        finished.orTimeout(askTimeout.toMillis(), TimeUnit.MILLISECONDS);
        // A supervisor spawned after all (the ask timed out, not the spawn) must not run on with nobody to tell.
        finished.whenComplete((done, failure) -> {
            if (failure != null) {
                job.abandon();
            }
        });
        CompletableFuture<RunResult> result = finished
                .thenCompose(done -> job.rootFn != null
                        // A forked subtree's error is re-derived by the job it belongs to, not here.
                        ? CompletableFuture.completedFuture(done.result())
                        : canonical(program, options, job, done.result()))
                .toCompletableFuture();
        return new RunHandle() {
            @Override
            public CompletionStage<RunResult> result() {
                return result;
            }

            @Override
            public void cancel() {
                spawned.thenAccept(ref -> ref.tell(JobSupervisor.Cancel.INSTANCE));
            }
        };
    }

    /** Re-derives a program error in the sequential order (see the class comment), on the replay's own thread. */
    private CompletionStage<RunResult> canonical(Program program, RunOptions options, JobContext job, RunResult r) {
        long left = options.timeout().toMillis() - r.stats().wallMs();
        if (r.ok() || !replayable(r.error()) || left <= 0) {
            return CompletableFuture.completedFuture(r);
        }
        RunOptions replayOptions = options.withTimeout(Duration.ofMillis(left)).withEvents(e -> { });
        return new SequentialEngine(job.log.completedCalls()).start(program, replayOptions).result().thenApply(replay -> {
            EvalError error = replay.ok() ? r.error() : replay.error();
            RunStats s = r.stats();
            return new RunResult(null, error, new RunStats(s.engine(), s.wallMs() + replay.stats().wallMs(),
                    s.externalCalls() + replay.stats().externalCalls(), s.maxInFlight(), s.reductions(), s.peakActors()));
        });
    }

    private static boolean replayable(EvalError e) {
        return e.kind() == EvalError.Kind.ERROR || e.kind() == EvalError.Kind.EXTERNAL
                || e.kind() == EvalError.Kind.UNSUPPORTED;
    }

    @Override
    public void close() {
        if (ownsSystem) {
            system.terminate();
        }
    }
}
