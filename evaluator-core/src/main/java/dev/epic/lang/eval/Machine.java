package dev.epic.lang.eval;

import dev.epic.lang.value.Pending;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.Arrays;

/**
 * A CEK machine: control ({@code code}/{@code env} or a {@code value}), and an explicit continuation stack,
 * so evaluation depth never touches the Java stack. Both engines run it. The sequential engine's host answers
 * external calls synchronously, so no value is ever pending. The opportunistic engine's host answers with
 * {@link Pending} cells; when an inspecting operation meets an unresolved one, the machine splits the waiting
 * part off at the nearest frame that {@linkplain Frame#acceptsPending accepts a pending value}, hands it to
 * the host as a {@link Parked} computation, and goes on with a pending value in its place. With no such
 * frame, the whole machine suspends.
 */
public final class Machine {
    /**
     * How a run ends: the value is known, the machine waits for a pending value, it used up its fuel, it failed —
     * or it {@linkplain #pause paused} (a probabilistic program's {@code resample()}) until its host resumes it.
     */
    public enum Outcome { DONE, SUSPENDED, YIELDED, FAILED, PAUSED }

    private enum Mode { EVAL, RETURN, SUSPEND, HALT, PAUSE }

    /** Allocation charged locally before it is added to the job's budget: one shared update per this many bytes. */
    private static final long CHARGE_CHUNK = 64 * 1024;

    final Value[] globals;
    final MachineHost host;
    private final boolean lenient;
    private final MemoryBudget budget;
    private long charged;

    private Frame[] stack = new Frame[32];
    private int sp;
    private Mode mode;
    private Code code;
    private Env env;
    private Value value;
    private Pending waitingOn;
    CallChain chain;
    long reductions;
    private Value result;
    private EvalError error;

    private Machine(Value[] globals, MachineHost host, boolean lenient) {
        this.globals = globals;
        this.host = host;
        this.lenient = lenient;
        this.budget = host.budget();
    }

    /** A machine that evaluates {@code program} and then waits until its value is fully known. */
    public static Machine forProgram(Code program, Value[] globals, MachineHost host, boolean lenient) {
        Machine m = new Machine(globals, host, lenient);
        m.push(new Frames.Halt());
        m.push(new Frames.DeepForce());
        m.eval(program, null);
        return m;
    }

    /**
     * A machine that applies {@code fn} to {@code arg} and then waits until the value is fully known: a
     * subtree forked off another machine, run where it was placed.
     */
    public static Machine forApplication(Value fn, Value arg, Value[] globals, MachineHost host) {
        Machine m = new Machine(globals, host, true);
        m.push(new Frames.Halt());
        m.push(new Frames.DeepForce());
        m.apply(fn, arg, dev.epic.lang.syntax.Span.NONE);
        return m;
    }

    /** A machine that continues a parked computation; its awaited cell must be resolved. */
    public static Machine resumeParked(Parked parked, Value[] globals, MachineHost host) {
        Machine m = new Machine(globals, host, true);
        m.stack = Arrays.copyOf(parked.frames(), Math.max(32, parked.frames().length * 2));
        m.sp = parked.frames().length;
        m.chain = parked.chain();
        m.waitingOn = parked.awaited();
        m.mode = Mode.SUSPEND;
        m.wake();
        return m;
    }

    /**
     * Runs until done, suspended, failed, or {@code budget} more reductions have been made. A suspended
     * machine must be {@linkplain #wake woken} once {@link #waitingOn()} is resolved before it runs again.
     */
    public Outcome run(long fuel) {
        long limit = reductions + fuel;
        try {
            budget.checkRevoked(here(), chain);
            while (true) {
                switch (mode) {
                    case EVAL:
                        code.exec(this, env);
                        break;
                    case RETURN: {
                        Frame f = stack[--sp];
                        stack[sp] = null;
                        chain = f.chain;
                        f.resume(this, value);
                        break;
                    }
                    case SUSPEND:
                        if (!split()) {
                            return Outcome.SUSPENDED;
                        }
                        break;
                    case HALT:
                        return Outcome.DONE;
                    case PAUSE:
                        flushCharge(0);
                        return Outcome.PAUSED;
                    default:
                        throw new IllegalStateException("mode " + mode);
                }
                if (reductions >= limit && mode != Mode.HALT && mode != Mode.SUSPEND && mode != Mode.PAUSE) {
                    flushCharge(0);
                    return Outcome.YIELDED;
                }
            }
        } catch (EvalError e) {
            error = e.withChain(chain);
            return Outcome.FAILED;
        } catch (Throwable t) {
            // Whatever a frame, a builtin or a host function throws is this run's error, never its thread's: a
            // stack overflow (only walks over values recurse), a refused allocation, a bug.
            error = Failures.of(t, here(), chain);
            return Outcome.FAILED;
        }
    }

    /** Makes a suspended machine continue with the now resolved value it waited for. */
    public void wake() {
        if (mode != Mode.SUSPEND || !waitingOn.isResolved()) {
            throw new IllegalStateException("machine is not waiting on a resolved value");
        }
        value = waitingOn.value();
        waitingOn = null;
        mode = Mode.RETURN;
    }

    /**
     * Pauses the machine at the end of the current step, so that {@link #run} returns {@link Outcome#PAUSED}: a
     * builtin's way to stop a computation where it can be resumed later, and copied meanwhile. When it is
     * {@linkplain #resume resumed}, the builtin's call returns {@code value}.
     */
    public void pause(Value value) {
        this.value = value;
        mode = Mode.PAUSE;
    }

    /** Continues a paused machine (see {@link #pause}); run it again to go on. */
    public void resume() {
        if (mode != Mode.PAUSE) {
            throw new IllegalStateException("machine is not paused");
        }
        mode = Mode.RETURN;
    }

    /**
     * An independent copy of a paused machine, to run with {@code host}: the same continuation (frames that change
     * as they run are copied, the rest shared), environment and counters. Values are immutable and shared.
     */
    public Machine copy(MachineHost host) {
        if (mode != Mode.PAUSE) {
            throw new IllegalStateException("only a paused machine can be copied");
        }
        Machine c = new Machine(globals, host, lenient);
        c.stack = new Frame[stack.length];
        for (int i = 0; i < sp; i++) {
            c.stack[i] = stack[i].copy();
        }
        c.sp = sp;
        c.mode = mode;
        c.code = code;
        c.env = env;
        c.value = value;
        c.chain = chain;
        c.reductions = reductions;
        return c;
    }

    public Pending waitingOn() {
        return waitingOn;
    }

    /**
     * A suspended machine that {@linkplain #resumeParked continues a parked computation}, as a parked
     * computation again: its whole stack (the bottom frame still resolves the part's cell) and the cell it
     * waits for. The machine must not be run afterwards; {@link #resumeParked} continues the computation.
     */
    public Parked toParked() {
        if (mode != Mode.SUSPEND || sp == 0 || !(stack[0] instanceof Frames.Resolve)) {
            throw new IllegalStateException("only a suspended part can be parked again");
        }
        return new Parked(Arrays.copyOf(stack, sp), waitingOn, ((Frames.Resolve) stack[0]).cell, chain);
    }

    public Value result() {
        return result;
    }

    public EvalError error() {
        return error;
    }

    public long reductions() {
        return reductions;
    }

    // ---- operations used by code nodes, frames and builtins ------------------------------------------

    public void eval(Code c, Env e) {
        code = c;
        env = e;
        mode = Mode.EVAL;
    }

    public void ret(Value v) {
        value = v;
        mode = Mode.RETURN;
    }

    public void push(Frame f) {
        if (sp == stack.length) {
            // Deep, non-tail recursion lives here: the frames the new room is for are charged as it is made.
            charge(sp * 48L);
            stack = Arrays.copyOf(stack, sp * 2);
        }
        f.chain = chain;
        stack[sp++] = f;
    }

    /** Waits for {@code p}; when it is resolved, {@code retry} resumes with its value. */
    public void await(Pending p, Frame retry) {
        if (!lenient) {
            throw new IllegalStateException("a pending value reached the sequential engine");
        }
        push(retry);
        waitingOn = p;
        mode = Mode.SUSPEND;
    }

    void halt(Value v) {
        result = v;
        mode = Mode.HALT;
    }

    void countReduction() {
        reductions++;
    }

    public MachineHost host() {
        return host;
    }

    /** The memory budget of the job this machine belongs to. */
    public MemoryBudget budget() {
        return budget;
    }

    /**
     * Charges {@code bytes} of allocation (an estimate) to the job's budget. Cheap: the machine adds up locally and
     * tells the budget a chunk at a time; when the budget says so, it measures what it holds and stops the job if
     * that is over the limit.
     */
    public void charge(long bytes) {
        charged += bytes;
        if (charged >= CHARGE_CHUNK) {
            flushCharge(0);
        }
    }

    /**
     * Before an allocation of {@code bytes} that may be large (a long string, a long list): charges it, and if the
     * job could not hold it on top of what it held last, measures now, before the allocation is made.
     */
    public void reserve(long bytes) {
        charged += bytes;
        if (charged >= CHARGE_CHUNK || bytes > budget.limitBytes() - budget.lastHeld()) {
            flushCharge(bytes);
        }
    }

    /** Checks a string about to be made against the job's cap, and reserves it. */
    public void reserveString(long chars, dev.epic.lang.syntax.Span at) {
        if (chars > budget.maxStringChars()) {
            at = at == null ? here() : at;
            throw new EvalError(EvalError.Kind.MEMORY, "a string of " + chars + " characters is longer than the limit of "
                    + budget.maxStringChars(), at, chain);
        }
        reserve(40 + 2 * chars);
    }

    /** Checks a list about to be built at once against the job's cap, and reserves it. */
    public void reserveList(long length, dev.epic.lang.syntax.Span at) {
        if (length > budget.maxListLength()) {
            at = at == null ? here() : at;
            throw new EvalError(EvalError.Kind.MEMORY, "a list of " + length + " elements is longer than the limit of "
                    + budget.maxListLength(), at, chain);
        }
        reserve(40 * length);
    }

    /** Where the machine is, as near as it knows: the node it evaluated last, else the call it is in. */
    private dev.epic.lang.syntax.Span here() {
        if (code != null) {
            return code.span();
        }
        return chain == null ? dev.epic.lang.syntax.Span.NONE : chain.site();
    }

    private void flushCharge(long more) {
        long c = charged;
        charged = 0;
        dev.epic.lang.syntax.Span at = here();
        budget.lastAt(at, chain);
        if (budget.revoked() != null) {
            budget.checkRevoked(userSite(at), chain);
        }
        if (c > 0 && budget.add(c) || more > 0 && budget.limited()) {
            budget.measured(MemoryMeter.measure(this, budget.limitBytes()), more, at, chain);
        }
    }

    // ---- what the memory meter walks ----------------------------------------------------------------

    int stackCapacity() {
        return stack.length;
    }

    int stackDepth() {
        return sp;
    }

    Frame frameAt(int i) {
        return stack[i];
    }

    Env currentEnv() {
        return env;
    }

    Value currentValue() {
        return value;
    }

    public CallChain chain() {
        return chain;
    }

    /**
     * {@code at}, or — if it is inside a module's prelude — where the program called into the prelude: the position
     * an author recognises (the {@code if} they wrote, not the prelude's {@code Bool.select}).
     */
    public dev.epic.lang.syntax.Span userSite(dev.epic.lang.syntax.Span at) {
        return userSite(at, chain);
    }

    /** {@link #userSite(dev.epic.lang.syntax.Span)} for a position {@code at} reached through {@code chain}. */
    static dev.epic.lang.syntax.Span userSite(dev.epic.lang.syntax.Span at, CallChain chain) {
        if (at == null || !at.inPrelude()) {
            return at;
        }
        for (CallChain c = chain; c != null; c = c.parent()) {
            if (!c.site().inPrelude()) {
                return c.site();
            }
        }
        return at;
    }

    /** Applies {@code fn} to {@code arg}: the one place where closures, builtins and partials are entered. */
    public void apply(Value fn, Value arg, dev.epic.lang.syntax.Span site) {
        Value f = Values.deref(fn);
        if (f instanceof Closure) {
            Closure c = (Closure) f;
            Env bound = c.code.param.bind(this, arg, c.env, c.code.param.ready(arg) ? null : new Frames.ApplyRetry(c, arg, site));
            if (bound == Bind.AWAITING) {
                return;
            }
            reductions++;
            chain = CallChain.enter(chain, c.code.name, site);
            eval(c.code.body, bound);
        } else if (f instanceof Builtin) {
            ((Builtin) f).applyTo(this, new Value[0], arg, site);
        } else if (f instanceof Builtin.Partial) {
            Builtin.Partial p = (Builtin.Partial) f;
            p.builtin().applyTo(this, p.args(), arg, site);
        } else if (f instanceof Pending) {
            await((Pending) f, new Frames.ApplyRetry(f, arg, site));
        } else {
            throw EvalError.at(site, "cannot apply " + Values.preview(f, 200) + ": it is " + f.kindName()
                    + ", not a function");
        }
    }

    /** Splits the waiting top of the stack off at the nearest accepting frame; false if there is none. */
    private boolean split() {
        int i = sp - 2;
        while (i >= 1 && !stack[i].acceptsPending()) {
            i--;
        }
        if (i < 1) {
            return false;
        }
        Pending part = Pending.forSplitOff();
        Frame[] frames = new Frame[sp - i];
        frames[0] = new Frames.Resolve(part);
        frames[0].chain = stack[i + 1].chain;
        System.arraycopy(stack, i + 1, frames, 1, sp - i - 1);
        Arrays.fill(stack, i + 1, sp, null);
        sp = i + 1;
        host.park(new Parked(frames, waitingOn, part, chain));
        waitingOn = null;
        value = part;
        mode = Mode.RETURN;
        return true;
    }
}
