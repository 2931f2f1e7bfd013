package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.spi.ExternalFunction;
import java.util.List;

/**
 * An external function as the language sees it: a builtin whose arguments must be fully known, and whose
 * application is a dispatch through the engine's {@link MachineHost}.
 */
public final class ExternalFn extends Builtin {
    private final ExternalFunction function;

    public ExternalFn(ExternalFunction function) {
        super(function.name(), function.arity(), Strictness.DEEP);
        this.function = function;
    }

    public ExternalFunction function() {
        return function;
    }

    @Override
    protected void invoke(Machine m, Value[] args, Span site) {
        m.ret(m.host.callExternal(this, List.of(args), site));
    }
}
