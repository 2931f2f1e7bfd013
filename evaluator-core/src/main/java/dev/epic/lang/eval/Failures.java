package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;

/**
 * Turns whatever a computation threw into the job's error, so that no throwable raised while running a program
 * — by a frame, a builtin, a host function — reaches the thread or the actor that ran it.
 */
public final class Failures {
    private Failures() {}

    /** The error a run reports for {@code t}, thrown at {@code at} with the calls {@code chain} leading there. */
    public static EvalError of(Throwable t, Span at, CallChain chain) {
        if (t instanceof EvalError) {
            return ((EvalError) t).withChain(chain);
        }
        if (t instanceof dev.epic.lang.value.Values.TooLarge) {
            return new EvalError(EvalError.Kind.MEMORY, t.getMessage(), at, chain);
        }
        if (t instanceof StackOverflowError) {
            // Evaluation keeps its continuation on the heap; only walks over values recurse on the Java stack.
            return new EvalError(EvalError.Kind.ERROR, "value nested too deeply to traverse", at, chain);
        }
        if (t instanceof OutOfMemoryError) {
            if (isSizeOverflow((OutOfMemoryError) t)) {
                return new EvalError(EvalError.Kind.MEMORY, "a string or list grew past the largest this runtime can hold", at, chain);
            }
            return new EvalError(EvalError.Kind.FATAL, "the process ran out of memory while running this program", at, chain, t);
        }
        // A bug: the author of the program hears that it is one, the log gets the Java details.
        return new EvalError(EvalError.Kind.INTERNAL, "internal error", at, chain, t);
    }

    /**
     * An allocation the JVM refused for its size alone (a string or array longer than it can index): nothing was
     * allocated, the heap is as it was, and the process can go on. Heap exhaustion is not this.
     */
    public static boolean isSizeOverflow(OutOfMemoryError e) {
        String m = e.getMessage();
        return m != null && (m.contains("exceeds VM limit") || m.contains("String length out of range")
                || m.contains("String size") || m.contains("Overflow") || m.contains("Required length exceeds"));
    }
}
