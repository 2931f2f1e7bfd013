package dev.epic.lang.value;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A value that is not known yet: the result of an external call in flight, or of a computation waiting for
 * one. It is a single-assignment cell: {@link #resolve} fills it once and runs the callbacks registered with
 * {@link #whenResolved}. Registration and resolution race safely (compare-and-set on one reference), so a
 * callback is run exactly once, either at registration (already resolved) or at resolution.
 *
 * <p>The opportunistic runtime registers callbacks that only send an actor message; nothing else runs on the
 * resolving thread.
 */
public final class Pending implements Value {
    private static final AtomicLong IDS = new AtomicLong();

    /** Unresolved state: an immutable stack of callbacks. */
    private static final class Waiters {
        static final Waiters NONE = new Waiters(null, null);
        final Runnable callback;
        final Waiters next;

        Waiters(Runnable callback, Waiters next) {
            this.callback = callback;
            this.next = next;
        }
    }

    /** Resolved state, boxed so a resolved value can never be mistaken for a waiter list. */
    private record Resolved(Value value) {}

    private final long id = IDS.incrementAndGet();
    private final AtomicReference<Object> state = new AtomicReference<>(Waiters.NONE);
    private final boolean splitOff;

    public Pending() {
        this(false);
    }

    private Pending(boolean splitOff) {
        this.splitOff = splitOff;
    }

    /**
     * A cell standing for the value of a computation a machine split off (see
     * {@link dev.epic.lang.eval.Machine}): it is resolved by that computation, not by an external call.
     */
    public static Pending forSplitOff() {
        return new Pending(true);
    }

    public boolean isSplitOff() {
        return splitOff;
    }

    public long id() {
        return id;
    }

    public boolean isResolved() {
        return state.get() instanceof Resolved;
    }

    /** The value this cell was filled with (possibly itself pending); only after {@link #isResolved()}. */
    public Value value() {
        Object s = state.get();
        if (s instanceof Resolved) {
            return ((Resolved) s).value();
        }
        throw new IllegalStateException("pending value #" + id + " is not resolved yet");
    }

    /** Fills the cell and runs the waiting callbacks. A second resolution is a bug. */
    public void resolve(Value v) {
        Resolved r = new Resolved(v);
        while (true) {
            Object s = state.get();
            if (s instanceof Resolved) {
                throw new IllegalStateException("pending value #" + id + " resolved twice");
            }
            if (state.compareAndSet(s, r)) {
                for (Waiters w = (Waiters) s; w.callback != null; w = w.next) {
                    w.callback.run();
                }
                return;
            }
        }
    }

    /** Runs {@code callback} once this cell is resolved: now if it already is. */
    public void whenResolved(Runnable callback) {
        while (true) {
            Object s = state.get();
            if (s instanceof Resolved) {
                callback.run();
                return;
            }
            if (state.compareAndSet(s, new Waiters(callback, (Waiters) s))) {
                return;
            }
        }
    }

    @Override
    public String kindName() {
        return "a pending value";
    }

    @Override
    public String toString() {
        Object s = state.get();
        return s instanceof Resolved ? String.valueOf(((Resolved) s).value()) : "<pending #" + id + ">";
    }
}
