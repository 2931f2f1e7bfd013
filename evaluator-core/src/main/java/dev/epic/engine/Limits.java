package dev.epic.engine;

import dev.epic.lang.eval.CallChain;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.syntax.Span;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/** The errors both engines report when a run hits a limit, worded the same way. */
public final class Limits {
    private Limits() {}

    public static EvalError stepLimit(long max, CallChain chain) {
        Span at = chain == null ? Span.NONE : chain.site();
        // withChain moves a position inside the prelude to where the program called into it, as for other errors.
        return new EvalError(EvalError.Kind.STEP_LIMIT, "step limit exceeded: the program made more than " + max
                + " reductions (raise it with --max-steps)", at, chain).withChain(chain);
    }

    public static EvalError timeout(Duration d) {
        return new EvalError(EvalError.Kind.TIMEOUT, "timed out after " + seconds(d)
                + " (raise it with --timeout)", Span.NONE, null);
    }

    public static EvalError cancelled() {
        return new EvalError(EvalError.Kind.CANCELLED, "the run was cancelled", Span.NONE, null);
    }

    public static String callFailure(String fn, Throwable cause) {
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String msg = cause == null ? "unknown failure" : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return "external call " + fn + " failed: " + msg;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.3f s", ms / 1000.0);
    }
}
