package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import java.util.List;

/** What an engine provides to its machines: external calls, output, and a home for split-off computations. */
public interface MachineHost {
    /**
     * Performs an external call whose arguments are all known. The sequential engine returns its result;
     * the opportunistic engine returns a {@link dev.epic.lang.value.Pending} at once. Throws
     * {@link EvalError} if the call fails (sequential engine).
     */
    Value callExternal(ExternalFn fn, List<Value> args, Span site);

    /** A {@code print}: an output event. */
    void output(Value v, Span site);

    /** A computation split off because it waits; the opportunistic engine gives it a redex actor. */
    void park(Parked parked);

    /**
     * Offers the application of {@code fn} to {@code arg} at a fork point ({@code Par.apply}, used by
     * {@code List.map}) to run elsewhere: returns the value standing for its result (usually pending), or
     * null to apply it here, as every single-JVM engine does.
     */
    default Value fork(Value fn, Value arg, Span site) {
        return null;
    }

    /** The memory budget of the job the machines belong to; asked once per machine. */
    default MemoryBudget budget() {
        return MemoryBudget.unlimited();
    }
}
