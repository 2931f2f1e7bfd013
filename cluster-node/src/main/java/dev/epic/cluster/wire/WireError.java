package dev.epic.cluster.wire;

import dev.epic.lang.eval.EvalError;
import dev.epic.lang.syntax.Span;

/** An evaluation error as it crosses nodes: kind, message and position (the call chain stays behind). */
public record WireError(String kind, String message, String file, int line, int column) implements CborSerializable {
    public static WireError of(EvalError e) {
        return new WireError(e.kind().name(), e.getMessage(), e.span().file(), e.span().line(), e.span().column());
    }

    public EvalError toError() {
        EvalError.Kind k;
        try {
            k = EvalError.Kind.valueOf(kind);
        } catch (IllegalArgumentException unknown) {
            k = EvalError.Kind.ERROR;
        }
        return new EvalError(k, message, new Span(file, line, column), null);
    }
}
