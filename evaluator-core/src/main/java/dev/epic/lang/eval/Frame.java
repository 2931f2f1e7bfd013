package dev.epic.lang.eval;

import dev.epic.lang.value.Value;

/**
 * One entry of a machine's continuation: what to do with the value of the expression being evaluated.
 * Frames belong to exactly one machine at a time; a suspended computation carries its frames away whole.
 */
public abstract class Frame {
    /** The call chain at the time the frame was pushed, restored when it resumes. */
    CallChain chain;

    /** Continues the computation with the value {@code v}. */
    public abstract void resume(Machine m, Value v);

    /**
     * Whether this frame can take a pending value without inspecting it (a let binding, an argument, an
     * element of a tuple). A computation that must wait is split off at the nearest such frame, which then
     * continues with a pending value standing for the split-off part. Frames that would inspect the value at
     * once say no, so that they wait together with what they wait on.
     */
    public boolean acceptsPending() {
        return true;
    }

    /**
     * This frame for a {@linkplain Machine#copy copy of its machine}: itself when it never changes after it is
     * pushed (most frames), else a copy of its state, so that the two machines go on independently.
     */
    public Frame copy() {
        return this;
    }

    /**
     * For the {@link MemoryMeter}, which walks a deep stack of these: hands {@code out} what this frame refers to
     * that may be held (its values and environments) and returns how many reference fields it has, its call chain
     * included — or -1 (frames that do not say) to have them found through its fields by reflection, which is
     * several times slower.
     */
    int meterRefs(java.util.function.Consumer<Object> out) {
        return -1;
    }
}
