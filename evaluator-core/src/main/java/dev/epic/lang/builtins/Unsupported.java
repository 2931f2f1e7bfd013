package dev.epic.lang.builtins;

import dev.epic.lang.eval.Builtin;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.Globals;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import java.util.Map;

/**
 * The probabilistic layer's names (distributions, {@code observe}, {@code resample}), and {@code File.read} for hosts
 * that give programs no directory. They
 * are bound, so programs that use them pass the scope check, and each reports clearly that it is not
 * supported yet when it runs.
 */
final class Unsupported extends Builtin {
    private static final Map<String, Integer> NAMES = Map.ofEntries(
            Map.entry("gaussian", 2), Map.entry("beta", 2), Map.entry("bernoulli", 1), Map.entry("binomial", 2),
            Map.entry("beta_binomial", 3), Map.entry("negative_binomial", 2), Map.entry("gamma", 2),
            Map.entry("exponential", 1), Map.entry("poisson", 1), Map.entry("student_t", 3),
            Map.entry("categorical", 3), Map.entry("uniform_int", 2), Map.entry("delta", 1),
            Map.entry("observe", 2), Map.entry("resample", 1), Map.entry("File.read", 1));

    private Unsupported(String name, int arity) {
        super(name, arity, Strictness.LAZY);
    }

    static void install(Globals g) {
        NAMES.forEach((name, arity) -> g.define(name, new Unsupported(name, arity)));
    }

    @Override
    protected void invoke(Machine m, Value[] args, Span site) {
        if ("File.read".equals(name())) {
            // Hosts that give programs a directory (epic run, the gateway) replace this with dev.epic.spi.FileReadTool.
            throw new EvalError(EvalError.Kind.UNSUPPORTED, "File.read is not available here: the host gave the program no data directory",
                    site, m.chain());
        }
        throw new EvalError(EvalError.Kind.UNSUPPORTED, "'" + name() + "' belongs to the probabilistic layer, which is not supported yet",
                site, m.chain());
    }
}
