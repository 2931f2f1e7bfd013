package dev.epic.prob;

import dev.epic.lang.LanguageModule;
import dev.epic.lang.compile.Compiler;
import dev.epic.lang.compile.Globals;
import dev.epic.lang.eval.Builtin;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stands in for the probabilistic layer until it arrives, through the same extension point: binds the
 * distributions, {@code observe}, {@code resample} and {@link Compiler#ASSUME} (what {@code let x <- d in e}
 * applies), so programs that use them pass the scope check, and each reports that it is not supported yet when
 * it runs.
 */
public final class ProbPlaceholderModule implements LanguageModule {
    public static final ProbPlaceholderModule INSTANCE = new ProbPlaceholderModule();

    /** Each name and its arity; sorted, so every process binds them in the same order. */
    private static final Map<String, Integer> NAMES = new TreeMap<>(Map.ofEntries(
            Map.entry("gaussian", 2), Map.entry("beta", 2), Map.entry("bernoulli", 1), Map.entry("binomial", 2),
            Map.entry("beta_binomial", 3), Map.entry("negative_binomial", 2), Map.entry("gamma", 2),
            Map.entry("exponential", 1), Map.entry("poisson", 1), Map.entry("student_t", 3),
            Map.entry("categorical", 3), Map.entry("uniform_int", 2), Map.entry("delta", 1),
            Map.entry("observe", 2), Map.entry("resample", 1)));

    private ProbPlaceholderModule() {}

    @Override
    public String name() {
        return "prob";
    }

    @Override
    public void defineNatives(Globals globals) {
        NAMES.forEach((name, arity) -> globals.define(name, new NotSupported(name, arity)));
        globals.define(Compiler.ASSUME, new NotSupported(Compiler.ASSUME, 3));
    }

    /** A name of the probabilistic layer: fails when applied. */
    private static final class NotSupported extends Builtin {
        NotSupported(String name, int arity) {
            super(name, arity, Strictness.LAZY);
        }

        @Override
        protected void invoke(Machine m, Value[] args, Span site) {
            String message = "'" + name() + "' belongs to the probabilistic layer, which is not supported yet";
            if (Compiler.ASSUME.equals(name())) {
                String annotation = args[0] instanceof Value.Str ? ((Value.Str) args[0]).value() + " " : "";
                message = "the probabilistic construct 'let " + annotation.stripLeading() + "x <- …' is not supported yet";
            }
            throw new EvalError(EvalError.Kind.UNSUPPORTED, message, site, m.chain());
        }
    }
}
