package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * An error of evaluation: a run-time type error, division by zero, a failed external call, a limit. It
 * carries where it happened and the chain of calls that led there. Stackless: it is a value of the
 * language's semantics, not a bug in the runtime.
 */
public final class EvalError extends RuntimeException {

    /**
     * What kind of failure this is; limits are not re-derived by replay, errors are. {@code MEMORY}: the job's
     * memory budget or a size cap; {@code INTERNAL}: a bug in the runtime or a builtin, met while running the job;
     * {@code FATAL}: the process itself is in danger (its heap ran out), so its host should not go on as if
     * nothing happened.
     */
    public enum Kind { ERROR, STEP_LIMIT, TIMEOUT, CANCELLED, UNSUPPORTED, EXTERNAL, MEMORY, INTERNAL, FATAL }

    private final Kind kind;
    private final Span span;
    private final CallChain chain;

    public EvalError(Kind kind, String message, Span span, CallChain chain) {
        this(kind, message, span, chain, null);
    }

    /** With the Java failure behind it (an internal error's), kept for the log, never shown to the program's author. */
    public EvalError(Kind kind, String message, Span span, CallChain chain, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.span = span == null ? Span.NONE : span;
        this.chain = chain;
    }

    public static EvalError at(Span span, String message) {
        return new EvalError(Kind.ERROR, message, span, null);
    }

    /** The same error with the call chain filled in where it was not known at the throw site. */
    public EvalError withChain(CallChain c) {
        EvalError e = chain != null || c == null ? this : new EvalError(kind, getMessage(), span, c, getCause());
        return e.relocated();
    }

    /**
     * An error raised inside the prelude is reported where the program called into the prelude: the user
     * wrote {@code List.nth xs 9}, not the prelude's {@code fail}.
     */
    private EvalError relocated() {
        if (!span.inPrelude()) {
            return this;
        }
        for (CallChain c = chain; c != null; c = c.parent()) {
            if (!c.site().inPrelude()) {
                return new EvalError(kind, getMessage(), c.site(), chain, getCause());
            }
        }
        return this;
    }

    public Kind kind() {
        return kind;
    }

    public Span span() {
        return span;
    }

    public CallChain chain() {
        return chain;
    }

    /** The calls that led here, innermost first: "in fib, called at f.epic:3:9". */
    public List<String> trace() {
        List<String> out = new ArrayList<>();
        for (CallChain c = chain; c != null; c = c.parent()) {
            if (!c.site().inPrelude()) {
                out.add("in " + c.name() + ", called at " + c.site());
            }
        }
        return out;
    }

    /** {@code FILE:LINE:COL: error: MESSAGE}, then the trace indented. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(span).append(": error: ").append(getMessage());
        for (String line : trace()) {
            sb.append("\n    ").append(line);
        }
        return sb.toString();
    }
}
