package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
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

    /**
     * An operator that met a {@linkplain Value.Opaque value of a layer above the language} as an operand ({@code b}
     * is null for a unary one): the layer answers, or it is an error. Only hosts that run such layers (the
     * probabilistic layer's particles) have any.
     */
    default Value operate(Prims.Op op, Value a, Value b, Span at) {
        throw EvalError.at(at, "'" + op.symbol + "' cannot use " + Values.preview(Value.Opaque.class.isInstance(a) ? a : b, 60)
                + ": random variables and distributions exist only in a probabilistic run");
    }

    /**
     * The condition of an {@code if} is such a value. With {@code pureBranches} (neither branch observes or
     * resamples), the answer may be the condition itself: then both branches are computed and {@link #merge}d;
     * otherwise it is a {@link Value.Bool} — the condition forced to a constant, which may sample random
     * variables.
     */
    default Value decide(Value condition, boolean pureBranches, Span at) {
        throw EvalError.at(at, "the condition " + Values.preview(condition, 60)
                + " is random: random variables exist only in a probabilistic run");
    }

    /** The value of an {@code if} on a condition still undecided (see {@link #decide}): {@code then} where it holds, else {@code otherwise}. */
    default Value merge(Value condition, Value then, Value otherwise, Span at) {
        throw new IllegalStateException("this host decides every condition");
    }

    /** The memory budget of the job the machines belong to; asked once per machine. */
    default MemoryBudget budget() {
        return MemoryBudget.unlimited();
    }
}
