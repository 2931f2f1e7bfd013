package dev.epic.prob.smc;

import dev.epic.lang.eval.EvalError;
import dev.epic.lang.value.Value;
import dev.epic.prob.infer.Algorithm;
import dev.epic.prob.infer.RuntimePlan;
import java.util.List;

/**
 * The outcome of a probabilistic run: the posterior mean of the program's value, or an error; the runtime
 * inference plan joined over the particles (empty after an error); and what it took.
 */
public record ProbResult(Value mean, EvalError error, RuntimePlan plan, Stats stats) {
    public boolean ok() {
        return error == null;
    }

    /**
     * {@code evalMs}: inference only (no start-up, no parsing); {@code ess}: the effective sample size at each
     * resample, in order.
     */
    public record Stats(Algorithm method, int particles, long seed, long evalMs, int resamples, List<Double> ess,
                        long reductions, long externalCalls) {}
}
