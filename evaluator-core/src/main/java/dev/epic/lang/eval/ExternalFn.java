package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import java.util.List;

/**
 * A function outside the language (a model, a tool, a remote API) as the language sees it: a builtin whose
 * arguments must be fully known, and whose application is a dispatch through the engine's {@link MachineHost}.
 * The language knows only its {@link Signature}; the host knows how to call it.
 */
public final class ExternalFn extends Builtin {

    /** What the language needs of an external function: the name programs use and how many arguments it takes. */
    public interface Signature {
        /** The name programs use, e.g. {@code search} or {@code Tools.calc}. */
        String name();

        /** How many arguments it takes (curried, or as one tuple); at least one. */
        int arity();
    }

    private final Signature signature;

    public ExternalFn(Signature signature) {
        super(signature.name(), signature.arity(), Strictness.DEEP);
        this.signature = signature;
    }

    /** What the host registered: the host's own object, which it knows how to call. */
    public Signature signature() {
        return signature;
    }

    @Override
    protected void invoke(Machine m, Value[] args, Span site) {
        m.ret(m.host.callExternal(this, List.of(args), site));
    }
}
