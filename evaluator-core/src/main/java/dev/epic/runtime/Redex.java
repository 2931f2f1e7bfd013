package dev.epic.runtime;

import dev.epic.engine.CallLog;
import dev.epic.engine.Limits;
import dev.epic.lang.eval.ExternalFn;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.eval.MachineHost;
import dev.epic.lang.eval.Parked;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Pending;
import dev.epic.lang.value.Value;
import dev.epic.spi.CallContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A redex that waits: one computation of a job, reduced by a {@link Machine} whenever its input arrives.
 *
 * <p>State: the machine (its continuation), or, before the first input, the parked computation it will
 * continue. Accepts {@link Wake} (the value it waits for is resolved; sent by the callback it registers on
 * that {@link Pending}) and {@link Slice} (go on after yielding the thread). Pure work runs inline in slices
 * of {@link #FUEL} reductions. External calls are started here the moment their arguments are known, and
 * handed to the {@link JobSupervisor} to track; it also reports to the supervisor the parts split off to
 * become redexes of their own, its result if it is the job's root, and failures. It stops when
 * its computation is done or has failed.
 */
public final class Redex extends AbstractBehavior<Redex.Command> implements MachineHost {
    /** Reductions per turn before yielding the thread to other actors. */
    static final long FUEL = 20_000;

    /** Local only. */
    public sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

    /** The value this redex waits for is known. */
    public enum Wake implements Command { INSTANCE }

    /** Continue reducing after a yield. */
    public enum Slice implements Command { INSTANCE }

    private final JobContext job;
    private final ActorRef<JobSupervisor.Command> supervisor;
    private final boolean root;
    private Parked parked;
    private Machine machine;

    private Redex(ActorContext<Command> context, JobContext job, ActorRef<JobSupervisor.Command> supervisor,
                  boolean root, Parked parked, Machine machine) {
        super(context);
        this.job = job;
        this.supervisor = supervisor;
        this.root = root;
        this.parked = parked;
        this.machine = machine;
    }

    /** The redex that evaluates the whole program. */
    public static Behavior<Command> createRoot(JobContext job, ActorRef<JobSupervisor.Command> supervisor) {
        return Behaviors.setup(ctx -> {
            Redex r = new Redex(ctx, job, supervisor, true, null, null);
            r.machine = job.rootFn == null
                    ? Machine.forProgram(job.program.code(), job.program.globals(), r, true)
                    : Machine.forApplication(job.rootFn, job.rootArg, job.program.globals(), r);
            ctx.getSelf().tell(Slice.INSTANCE);
            return r;
        });
    }

    /** A redex for a computation split off because it waits for {@code parked.awaited()}. */
    public static Behavior<Command> createParked(JobContext job, ActorRef<JobSupervisor.Command> supervisor, Parked parked) {
        return Behaviors.setup(ctx -> {
            Redex r = new Redex(ctx, job, supervisor, false, parked, null);
            ActorRef<Command> self = ctx.getSelf();
            parked.awaited().whenResolved(() -> self.tell(Wake.INSTANCE));
            return r;
        });
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessageEquals(Wake.INSTANCE, this::onWake)
                .onMessageEquals(Slice.INSTANCE, this::onSlice)
                .build();
    }

    private Behavior<Command> onWake() {
        if (machine == null) {
            machine = Machine.resumeParked(parked, job.program.globals(), this);
            parked = null;
        } else {
            machine.wake();
        }
        return onSlice();
    }

    private Behavior<Command> onSlice() {
        long before = machine.reductions();
        Machine.Outcome outcome = machine.run(FUEL);
        if (job.addReductions(machine.reductions() - before)) {
            supervisor.tell(new JobSupervisor.RedexFailed(Limits.stepLimit(job.options.maxSteps(), machine.chain())));
            return Behaviors.stopped();
        }
        switch (outcome) {
            case DONE:
                if (root) {
                    supervisor.tell(new JobSupervisor.RootFinished(machine.result()));
                }
                supervisor.tell(JobSupervisor.RedexFinished.INSTANCE);
                return Behaviors.stopped();
            case YIELDED:
                getContext().getSelf().tell(Slice.INSTANCE);
                return this;
            case SUSPENDED: {
                ActorRef<Command> self = getContext().getSelf();
                machine.waitingOn().whenResolved(() -> self.tell(Wake.INSTANCE));
                return this;
            }
            case FAILED:
                supervisor.tell(new JobSupervisor.RedexFailed(machine.error()));
                return Behaviors.stopped();
            default:
                throw new IllegalStateException("outcome " + outcome);
        }
    }

    // ---- MachineHost: called by the machine during a slice, on this actor's turn ----------------------

    /**
     * Starts the call here, at once, and hands it to the supervisor to track. A call whose answer is already
     * there when it returns (a tool that computes in place) is answered directly, with no pending value and no
     * message.
     */
    @Override
    public Value callExternal(ExternalFn fn, List<Value> args, Span site) {
        String name = fn.name();
        String key = CallLog.key(name, args);
        Value known = job.hooks.known(key);
        if (known != null) {
            return known;
        }
        long id = job.log.dispatched(name);
        Pending result = new Pending();
        ActorRef<JobSupervisor.Command> sup = supervisor;
        CallContext context = job.log.context(id, name, v -> sup.tell(new JobSupervisor.CallPartial(result, v)));
        CompletionStage<Value> stage;
        try {
            stage = fn.function().call(args, context);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        if (stage instanceof CompletableFuture) {
            CompletableFuture<Value> f = (CompletableFuture<Value>) stage;
            if (f.isDone() && !f.isCompletedExceptionally()) {
                Value v = f.join();
                if (v != null) {
                    job.log.resolved(id, name, key, v);
                    job.hooks.completed(key, v);
                    return v;
                }
            }
        }
        supervisor.tell(new JobSupervisor.Track(id, fn, key, result, site, stage));
        return result;
    }

    @Override
    public void output(Value v, Span site) {
        job.log.output(v);
        if (job.hooks != JobHooks.NONE) {
            job.hooks.output(dev.epic.lang.value.Values.display(v));
        }
    }

    /** Hands the application to the job's hooks; the supervisor tracks it until its value comes back. */
    @Override
    public Value fork(Value fn, Value arg, Span site) {
        CompletionStage<Value> elsewhere = job.hooks.fork(fn, arg, site);
        if (elsewhere == null) {
            return null;
        }
        Pending result = new Pending();
        supervisor.tell(new JobSupervisor.TrackFork(result, site, elsewhere));
        return result;
    }

    @Override
    public void park(Parked p) {
        supervisor.tell(new JobSupervisor.Spawn(p));
    }
}
