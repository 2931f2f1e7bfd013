package dev.epic.engine;

import dev.epic.lang.eval.CallChain;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.Failures;
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

    /**
     * What the program's author reads when an external function failed: its own message, never a Java class
     * name (a failure without a message says so; the log has the details).
     */
    public static String callFailure(String fn, Throwable cause) {
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String msg = cause == null ? "no value came back" : cause.getMessage() == null || cause.getMessage().isBlank()
                ? "it failed without saying why" : cause.getMessage();
        if (msg.length() > 2000) {
            msg = msg.substring(0, 2000) + "…";
        }
        return "external call " + fn + " failed: " + msg;
    }

    /**
     * The error of an external function that threw instead of answering: a failed call, like one whose answer
     * failed — unless the heap ran out, which the process must hear about.
     */
    public static EvalError callThrew(String fn, Throwable t, Span site) {
        if (t instanceof OutOfMemoryError && !Failures.isSizeOverflow((OutOfMemoryError) t)) {
            return Failures.of(t, site, null);
        }
        if (t instanceof EvalError) {
            return (EvalError) t;
        }
        return new EvalError(EvalError.Kind.EXTERNAL, callFailure(fn, t), site, null, t);
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.3f s", ms / 1000.0);
    }
}
