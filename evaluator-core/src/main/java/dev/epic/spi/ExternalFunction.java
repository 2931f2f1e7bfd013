package dev.epic.spi;

import dev.epic.lang.eval.ExternalFn;
import dev.epic.lang.value.Value;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A named function outside the language: a model, a tool, a remote API. The runtime calls it once all its
 * arguments are known and assumes it is pure (the same arguments may be answered by a cached result, and a
 * call may be retried). It must not block the calling thread: return a stage that completes later.
 */
public interface ExternalFunction extends ExternalFn.Signature {

    /** Starts the call. A stage failed with {@link ExternalCallException} reports a clear error. */
    CompletionStage<Value> call(List<Value> args);

    /** Starts the call with access to its context (streaming functions override this). */
    default CompletionStage<Value> call(List<Value> args, CallContext context) {
        return call(args);
    }

    /** The function a program's external builtin stands for; every host binds its externals from these. */
    static ExternalFunction of(ExternalFn fn) {
        if (fn.signature() instanceof ExternalFunction) {
            return (ExternalFunction) fn.signature();
        }
        throw new IllegalStateException("external function " + fn.name() + " was not bound from a "
                + ExternalFunction.class.getName() + " but from " + fn.signature().getClass().getName());
    }
}
