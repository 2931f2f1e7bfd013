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
import dev.epic.spi.ExternalFunction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
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
 * A redex that waits: computations of a job, reduced by {@link Machine}s whenever their inputs arrive.
 *
 * <p>State: the machines it hosts that are ready to run, how many of its computations wait for a value, and
 * the computations split off during the current turn that wait for an external call. Accepts {@link Resume}
 * (a value a computation it hosts waits for is known), {@link Wake} (the same for one of its suspended
 * machines) — both sent by the callback registered on that {@link Pending} when it is resolved on another
 * thread — and {@link Slice} (go on after yielding the thread). Pure work runs inline in turns of
 * {@link #FUEL} reductions.
 *
 * <p>What a machine splits off stays here unless it waits for an external call: a computation waiting for
 * another split-off part (the tail of a fold, the rest of an expression around a pending value) is hosted
 * here and resumed here, inline if its value is computed during this very turn. A hosted part that goes on to
 * wait for a call is parked again, like one split off waiting for a call. Only a computation still waiting
 * for a call at the end of the turn is handed to the {@link JobSupervisor} to become a redex of its own —
 * unless this redex has nothing else left, and keeps it. So the number of actors follows the calls being
 * waited for, and the chains of small parts that a pending value splits off cost no actor and no message.
 * What a value arrived for runs before machines that used up their slice. External calls are started here
 * the moment their arguments are known, and handed to the supervisor to track; it also reports its result if
 * it is the job's root, and failures. It stops when it hosts nothing more.
 */
public final class Redex extends AbstractBehavior<Redex.Command> implements MachineHost {
    /** Reductions per turn before yielding the thread to other actors. */
    static final long FUEL = 20_000;

    /** Local only. */
    public sealed interface Command extends org.apache.pekko.actor.NoSerializationVerificationNeeded {}

    /** The value {@code parked}, hosted here, waits for is known. */
    private record Resume(Parked parked) implements Command {}

    /** The value {@code machine}, suspended here, waits for is known. */
    private record Wake(Machine machine) implements Command {}

    /** Continue reducing after a yield. */
    public enum Slice implements Command { INSTANCE }

    private final JobContext job;
    private final ActorRef<JobSupervisor.Command> supervisor;
    /** The machine of the whole program (or forked application) when this is the job's root, else null. */
    private Machine root;
    private final ArrayDeque<Machine> ready = new ArrayDeque<>();
    /** Computations and machines hosted here that wait for a value; each is resumed once, by its callback. */
    private int waiting;
    /** Split off during this turn, waiting for an external call: run here if it is answered by the end of the turn. */
    private final List<Parked> awaitingCalls = new ArrayList<>();
    /**
     * Parts hosted here that went on to wait for an external call during this turn: run here if it is answered
     * by the end of the turn, else sent off (or kept) then. Held as machines, so a part that stays costs no copy
     * of its stack.
     */
    private final List<Machine> hostedAwaitingCalls = new ArrayList<>();
    /** The thread running this actor's turn, null between turns: a callback on it may add to the ready queue. */
    private volatile Thread turn;

    private Redex(ActorContext<Command> context, JobContext job, ActorRef<JobSupervisor.Command> supervisor) {
        super(context);
        this.job = job;
        this.supervisor = supervisor;
    }

    /** The redex that evaluates the whole program. */
    public static Behavior<Command> createRoot(JobContext job, ActorRef<JobSupervisor.Command> supervisor) {
        return Behaviors.setup(ctx -> {
            Redex r = new Redex(ctx, job, supervisor);
            r.root = job.rootFn == null
                    ? Machine.forProgram(job.program.code(), job.program.globals(), r, true)
                    : Machine.forApplication(job.rootFn, job.rootArg, job.program.globals(), r);
            r.ready.add(r.root);
            ctx.getSelf().tell(Slice.INSTANCE);
            return r;
        });
    }

    /** A redex for a computation split off because it waits for {@code parked.awaited()}. */
    public static Behavior<Command> createParked(JobContext job, ActorRef<JobSupervisor.Command> supervisor, Parked parked) {
        return Behaviors.setup(ctx -> {
            Redex r = new Redex(ctx, job, supervisor);
            r.host(parked);
            return r;
        });
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Resume.class, this::onResume)
                .onMessage(Wake.class, this::onWake)
                .onMessageEquals(Slice.INSTANCE, this::onSlice)
                .build();
    }

    /** Waits here for {@code p}'s value, then resumes it: at once if it is computed during this turn. */
    private void host(Parked p) {
        onceKnown(p.awaited(), () -> resumed(p), new Resume(p));
    }

    private void suspend(Machine m) {
        onceKnown(m.waitingOn(), () -> woken(m), new Wake(m));
    }

    /** Runs {@code here} once {@code cell} is resolved: inline when that happens during this actor's turn, else by {@code message}. */
    private void onceKnown(Pending cell, Runnable here, Command message) {
        waiting++;
        ActorRef<Command> self = getContext().getSelf();
        cell.whenResolved(() -> {
            if (Thread.currentThread() == turn) {
                here.run();
            } else {
                self.tell(message);
            }
        });
    }

    /*
     * What a value arrived for goes to the front of the ready queue, ahead of machines that used up their
     * slice: its next step may dispatch a call, which should not wait behind a long pure loop.
     */

    private void resumed(Parked p) {
        waiting--;
        ready.addFirst(Machine.resumeParked(p, job.program.globals(), this));
    }

    private void woken(Machine m) {
        waiting--;
        m.wake();
        ready.addFirst(m);
    }

    private Behavior<Command> onResume(Resume m) {
        resumed(m.parked());
        return onSlice();
    }

    private Behavior<Command> onWake(Wake m) {
        woken(m.machine());
        return onSlice();
    }

    private Behavior<Command> onSlice() {
        turn = Thread.currentThread();
        try {
            job.turnHook.run();
            return runTurn();
        } finally {
            turn = null;
        }
    }

    /** Runs the ready machines, and what becomes ready meanwhile, within the fuel. */
    private Behavior<Command> runTurn() {
        long budget = FUEL;
        while (true) {
            if (ready.isEmpty()) {
                adoptAnsweredCalls();
            }
            if (ready.isEmpty() || budget <= 0) {
                break;
            }
            Machine machine = ready.poll();
            long before = machine.reductions();
            Machine.Outcome outcome = machine.run(budget);
            long made = machine.reductions() - before;
            budget -= made;
            if (job.addReductions(made)) {
                supervisor.tell(new JobSupervisor.RedexFailed(Limits.stepLimit(job.options.maxSteps(), machine.chain())));
                return Behaviors.stopped();
            }
            switch (outcome) {
                case DONE:
                    if (machine == root) {
                        supervisor.tell(new JobSupervisor.RootFinished(machine.result()));
                    }
                    break;
                case YIELDED:
                    ready.add(machine);
                    break;
                case SUSPENDED:
                    if (machine != root && !machine.waitingOn().isSplitOff()) {
                        // A part now waiting for a call goes on as a computation of its own, like one split off.
                        hostedAwaitingCalls.add(machine);
                    } else {
                        suspend(machine);
                    }
                    break;
                case FAILED:
                    supervisor.tell(new JobSupervisor.RedexFailed(machine.error()));
                    return Behaviors.stopped();
                default:
                    throw new IllegalStateException("outcome " + outcome);
            }
        }
        // Computations still waiting for calls get redexes of their own, so each goes on as soon as its call is
        // answered, whatever runs here. A redex left with nothing else to do keeps one itself.
        if (ready.isEmpty() && waiting == 0) {
            if (!hostedAwaitingCalls.isEmpty()) {
                suspend(hostedAwaitingCalls.remove(hostedAwaitingCalls.size() - 1));
            } else if (!awaitingCalls.isEmpty()) {
                host(awaitingCalls.remove(awaitingCalls.size() - 1));
            }
        }
        for (Machine m : hostedAwaitingCalls) {
            supervisor.tell(new JobSupervisor.Spawn(m.toParked()));
        }
        hostedAwaitingCalls.clear();
        for (Parked p : awaitingCalls) {
            supervisor.tell(new JobSupervisor.Spawn(p));
        }
        awaitingCalls.clear();
        if (!ready.isEmpty()) {
            getContext().getSelf().tell(Slice.INSTANCE);
            return this;
        }
        if (waiting == 0) {
            supervisor.tell(JobSupervisor.RedexFinished.INSTANCE);
            return Behaviors.stopped();
        }
        return this;
    }

    /**
     * Moves to the ready queue what came to wait for a call this turn (computations split off, hosted parts that
     * went on to wait) whose call was answered meanwhile.
     */
    private void adoptAnsweredCalls() {
        for (Iterator<Parked> it = awaitingCalls.iterator(); it.hasNext(); ) {
            Parked p = it.next();
            if (p.awaited().isResolved()) {
                it.remove();
                ready.addFirst(Machine.resumeParked(p, job.program.globals(), this));
            }
        }
        for (Iterator<Machine> it = hostedAwaitingCalls.iterator(); it.hasNext(); ) {
            Machine m = it.next();
            if (m.waitingOn().isResolved()) {
                it.remove();
                m.wake();
                ready.addFirst(m);
            }
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
            stage = ExternalFunction.of(fn).call(args, context);
        } catch (Throwable t) {
            // A function that throws instead of answering has failed, like one whose answer fails.
            if (t instanceof OutOfMemoryError && !dev.epic.lang.eval.Failures.isSizeOverflow((OutOfMemoryError) t)) {
                throw t;
            }
            stage = CompletableFuture.failedFuture(t);
        }
        if (stage == null) {
            stage = CompletableFuture.failedFuture(new IllegalStateException("the function returned no answer"));
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
    public dev.epic.lang.eval.MemoryBudget budget() {
        return job.budget;
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

    /**
     * A part waiting for another part is hosted here; one waiting for a call is kept until the end of the turn,
     * then run here if the call was answered, or handed to the supervisor.
     */
    @Override
    public void park(Parked p) {
        if (p.awaited().isSplitOff()) {
            host(p);
        } else {
            awaitingCalls.add(p);
        }
    }
}
