package dev.epic.runtime;

import dev.epic.engine.Limits;
import dev.epic.engine.RunResult;
import dev.epic.engine.RunStats;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.ExternalFn;
import dev.epic.lang.eval.Parked;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Pending;
import dev.epic.lang.value.Value;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The supervisor of one job: parent of all its {@link Redex} actors and owner of its external calls.
 *
 * <p>State: how many redexes are alive (and the most ever), the root's value once known, the call log. It
 * spawns a redex for each computation split off ({@link Spawn}), tracks the external calls its redexes
 * started ({@link Track}) and resolves their cells when they complete. The job succeeds when the root's value is
 * known, no redex is alive and no call is in flight — so work whose value is never used still finishes,
 * and an error in it is reported, as the sequential order would. It fails on the first error, a timeout, the
 * step limit or {@link Cancel}. It replies once with {@link Finished} to whoever sent {@link Start} — or, when
 * created with a callback, starts at once and hands it the outcome, which spares the engine a round trip
 * before the first reduction — then stops, which stops every redex of the job. A job its engine has
 * {@linkplain JobContext#abandon abandoned} stops as it starts or at its next message, without replying.
 */
public final class JobSupervisor extends AbstractBehavior<JobSupervisor.Command> {

    /** Local only: messages carry pending cells and stages, so they never cross nodes. */
    public sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

    public record Start(ActorRef<Finished> replyTo) implements Command {}

    public record Spawn(Parked parked) implements Command {}

    /** A call a redex has started: its stage completes or fails later; its result resolves {@code result}. */
    public record Track(long id, ExternalFn fn, String key, Pending result, Span site, CompletionStage<Value> stage)
            implements Command {}

    public record RootFinished(Value value) implements Command {}

    /** An application forked off to run elsewhere; {@code stage} completes with its value. */
    public record TrackFork(Pending result, Span site, CompletionStage<Value> stage) implements Command {}

    private record ForkCompleted(Pending result, Span site, Value value, Throwable failure) implements Command {}

    public enum RedexFinished implements Command { INSTANCE }

    public record RedexFailed(EvalError error) implements Command {}

    public enum Cancel implements Command { INSTANCE }

    private enum Timeout implements Command { INSTANCE }

    /** A call's value known before the call ends (a streamed list); see {@link dev.epic.spi.CallContext#partial}. */
    public record CallPartial(Pending result, Value value) implements Command {}

    private record CallCompleted(long id, ExternalFn fn, String key, Pending result, Span site, Value value,
                                 Throwable failure) implements Command {}

    /** The reply: the job's outcome (before any replay of errors) and its stats. */
    public record Finished(RunResult result) {}

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobSupervisor.class);

    private final JobContext job;
    private final long startNanos = System.nanoTime();
    private Consumer<Finished> whenFinished;
    private boolean cancelledBeforeStart;
    private int liveRedexes;
    private int peakRedexes;
    private int spawnedRedexes;
    private int forksOutstanding;
    private Value rootValue;

    private JobSupervisor(ActorContext<Command> context, JobContext job) {
        super(context);
        this.job = job;
    }

    public static Behavior<Command> create(JobContext job) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startSingleTimer(Timeout.INSTANCE, job.options.timeout());
            return new JobSupervisor(ctx, job);
        }));
    }

    /** A supervisor that starts the job at once and hands its outcome to {@code whenFinished}, on its own turn. */
    public static Behavior<Command> create(JobContext job, Consumer<Finished> whenFinished) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startSingleTimer(Timeout.INSTANCE, job.options.timeout());
            JobSupervisor s = new JobSupervisor(ctx, job);
            if (job.abandoned()) {
                return Behaviors.stopped();
            }
            s.begin(whenFinished);
            return s;
        }));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Command.class, m -> job.abandoned(), m -> abandon())
                .onMessage(Start.class, this::onStart)
                .onMessage(Spawn.class, this::onSpawn)
                .onMessage(Track.class, this::onTrack)
                .onMessage(CallCompleted.class, this::onCallCompleted)
                .onMessage(CallPartial.class, this::onCallPartial)
                .onMessage(TrackFork.class, this::onTrackFork)
                .onMessage(ForkCompleted.class, this::onForkCompleted)
                .onMessage(RootFinished.class, this::onRootFinished)
                .onMessageEquals(RedexFinished.INSTANCE, this::onRedexFinished)
                .onMessage(RedexFailed.class, m -> finish(null, m.error()))
                .onMessageEquals(Cancel.INSTANCE, this::onCancel)
                .onMessageEquals(Timeout.INSTANCE, () -> finish(null, Limits.timeout(job.options.timeout())))
                .onSignal(ChildFailed.class, this::onRedexCrashed)
                // A redex that ends normally has said so (RedexFinished); its Terminated only follows the watch.
                .onSignal(Terminated.class, t -> this)
                .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
                    dev.epic.engine.HeapGuard.release(job.budget);
                    return this;
                })
                .build();
    }

    /**
     * A cancel can overtake {@link Start} (the handle is cancelled as soon as the job is spawned): then it is
     * remembered and answered when Start comes, rather than stopping with nobody to tell.
     */
    private Behavior<Command> onCancel() {
        if (whenFinished == null) {
            cancelledBeforeStart = true;
            return this;
        }
        return finish(null, stopped());
    }

    /** Why a cancelled job stopped: its memory budget was revoked (the heap guard), or it was cancelled. */
    private EvalError stopped() {
        String why = job.budget.revoked();
        return why != null ? job.budget.revokedError() : Limits.cancelled();
    }

    private Behavior<Command> onStart(Start start) {
        ActorRef<Finished> replyTo = start.replyTo();
        begin(replyTo::tell);
        if (cancelledBeforeStart) {
            return finish(null, Limits.cancelled());
        }
        return this;
    }

    private void begin(Consumer<Finished> whenFinished) {
        this.whenFinished = whenFinished;
        ActorRef<Command> self = getContext().getSelf();
        dev.epic.engine.HeapGuard.watch(job.budget, () -> self.tell(Cancel.INSTANCE));
        if (!cancelledBeforeStart) {
            spawn(Redex.createRoot(job, getContext().getSelf()));
        }
    }

    private void spawn(Behavior<Redex.Command> behavior) {
        // Watched: a redex that crashes (a fault outside its machine's own error handling) fails the job at once,
        // rather than leaving it to wait for its timeout.
        getContext().watch(getContext().spawnAnonymous(behavior));
        liveRedexes++;
        spawnedRedexes++;
        peakRedexes = Math.max(peakRedexes, liveRedexes);
        job.redexWatch.changed(liveRedexes, spawnedRedexes);
    }

    /**
     * Nobody waits for the outcome any more (the engine gave up on the spawn or the reply): stop, and with it
     * every redex of the job, without reporting.
     */
    private Behavior<Command> abandon() {
        return Behaviors.stopped();
    }

    private Behavior<Command> onSpawn(Spawn m) {
        spawn(Redex.createParked(job, getContext().getSelf(), m.parked()));
        return this;
    }

    private Behavior<Command> onTrack(Track m) {
        getContext().pipeToSelf(m.stage(), (v, failure) -> new CallCompleted(m.id(), m.fn(), m.key(), m.result(), m.site(), v, failure));
        return this;
    }

    private Behavior<Command> onCallCompleted(CallCompleted m) {
        String name = m.fn().name();
        if (m.failure() != null || m.value() == null) {
            String message = Limits.callFailure(name, m.failure());
            job.log.failed(m.id(), name, message);
            return finish(null, new EvalError(EvalError.Kind.EXTERNAL, message, m.site(), null));
        }
        job.log.resolved(m.id(), name, m.key(), m.value());
        job.hooks.completed(m.key(), m.value());
        if (!m.result().isResolved()) {
            m.result().resolve(m.value());
        }
        return finishIfQuiet();
    }

    private Behavior<Command> onTrackFork(TrackFork m) {
        forksOutstanding++;
        getContext().pipeToSelf(m.stage(), (v, failure) -> new ForkCompleted(m.result(), m.site(), v, failure));
        return this;
    }

    private Behavior<Command> onForkCompleted(ForkCompleted m) {
        forksOutstanding--;
        if (m.failure() != null || m.value() == null) {
            Throwable cause = m.failure();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            EvalError error = cause instanceof EvalError ? (EvalError) cause
                    : new EvalError(EvalError.Kind.ERROR, "forked computation failed: "
                            + (cause == null ? "no value" : cause.getMessage()), m.site(), null);
            return finish(null, error);
        }
        m.result().resolve(m.value());
        return finishIfQuiet();
    }

    private Behavior<Command> onCallPartial(CallPartial m) {
        if (!m.result().isResolved()) {
            m.result().resolve(m.value());
        }
        return this;
    }

    private Behavior<Command> onRootFinished(RootFinished m) {
        rootValue = m.value();
        return this;
    }

    private Behavior<Command> onRedexCrashed(ChildFailed failed) {
        LOG.error("a redex of job {} crashed", getContext().getSelf().path().name(), failed.getCause());
        return finish(null, dev.epic.lang.eval.Failures.of(failed.getCause(), Span.NONE, null));
    }

    private Behavior<Command> onRedexFinished() {
        liveRedexes--;
        job.redexWatch.changed(liveRedexes, spawnedRedexes);
        return finishIfQuiet();
    }

    private Behavior<Command> finishIfQuiet() {
        if (rootValue != null && liveRedexes == 0 && job.log.inFlight() == 0 && forksOutstanding == 0) {
            return finish(rootValue, null);
        }
        return this;
    }

    private Behavior<Command> finish(Value value, EvalError error) {
        if (error != null) {
            job.log.error(error.getMessage());
        }
        long wall = (System.nanoTime() - startNanos) / 1_000_000;
        RunStats stats = new RunStats("opportunistic", wall, job.log.calls(), job.log.maxInFlight(),
                job.reductions.get(), peakRedexes);
        if (whenFinished != null) {
            whenFinished.accept(new Finished(new RunResult(value, error, stats)));
        }
        return Behaviors.stopped();
    }
}
