package dev.epic.prob.smc;

import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.Failures;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.prob.infer.RuntimePlan;
import dev.epic.prob.rand.RandomStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One run of a probabilistic program by Metropolis–Hastings (SIREN.md §4.8): single-site regeneration over the
 * sampled sites, with the run's hybrid algorithm inside each execution; {@code resample()} does nothing.
 *
 * <p>The chain's states are executions of the whole program, each with its {@link DrawTrace} (the values of the
 * variables it sampled, by address), its log-weight W (the sum of its {@code observe} and {@code factor} scores under
 * the symbolic marginals) and its mean (the particle mean of §2.6, computed in the execution, so draws made by the
 * final mean belong to the trace). The target over traces is ∏ p_i(x_i) · e^W, the density a particle filter's
 * particle has before weighting times its weight. A step picks one address of the current trace uniformly, runs the
 * program again with every other known address replayed and that one drawn afresh from its marginal (addresses the
 * current trace lacks are drawn afresh too), and accepts with
 * <pre>
 *   log α = W' − W + log |D| − log |D'| + Σ_{replayed i} (log p'_i(x_i) − log p_i(x_i))
 * </pre>
 * (|D|, |D'|: the numbers of draws of the two traces); the densities of fresh draws cancel with their proposal.
 * A replayed value impossible under its new marginal rejects the proposal. A program that samples nothing has one
 * state, and the chain stays there.
 *
 * <p>{@code particles} is the number of iterations N (the first execution included); the first ⌊N/10⌋ states are
 * burn-in; the result is the average of the means of the remaining states. Execution i draws from the stream
 * (seed, 0, i) and accepts with a uniform from (seed, i, {@link ParticleRun#RESAMPLER}); so a seed gives the same
 * chain. The runtime plan is joined over every execution.
 */
final class MhRun {
    private final ParticleRun run;

    MhRun(ParticleRun run) {
        this.run = run;
    }

    /** One execution of the program: its trace, weight, mean and plan. */
    private record State(DrawTrace trace, double logWeight, Value mean, RuntimePlan plan) {}

    /** The number of burn-in states of a chain of {@code n}. */
    static int burnIn(int n) {
        return n / 10;
    }

    ProbResult run() {
        int n = run.options().particles();
        int burn = burnIn(n);
        List<Value> kept = new ArrayList<>(n - burn);
        RuntimePlan plan = RuntimePlan.empty();
        int accepted = 0;
        try {
            State current = execute(0, new DrawTrace(null, null));
            plan = plan.join(current.plan());
            for (int i = 1; i <= n; i++) {
                if (i - 1 >= burn) {
                    kept.add(current.mean());
                }
                if (i == n) {
                    break;
                }
                int sites = current.trace().size();
                if (sites == 0) {
                    continue;
                }
                RandomStream u = new RandomStream(run.options().seed(), i, ParticleRun.RESAMPLER);
                DrawTrace.Address site = current.trace().address((int) (u.nextDouble() * sites));
                State proposed = execute(i, new DrawTrace(current.trace(), site));
                plan = plan.join(proposed.plan());
                if (accept(current, proposed, u.nextDouble())) {
                    current = proposed;
                    accepted++;
                }
            }
        } catch (EvalError e) {
            return run.failed(e);
        } catch (Throwable t) {
            return run.failed(Failures.of(t, Span.NONE, null));
        }
        run.acceptance(n <= 1 ? 1 : accepted / (double) (n - 1));
        double[] logWeights = new double[kept.size()];
        Arrays.fill(logWeights, 0);
        return run.finish(kept, logWeights, plan);
    }

    private static boolean accept(State current, State proposed, double uniform) {
        if (proposed.trace().impossible() || proposed.logWeight() == Double.NEGATIVE_INFINITY
                || Double.isNaN(proposed.logWeight())) {
            return false;
        }
        if (current.logWeight() == Double.NEGATIVE_INFINITY) {
            return true;
        }
        double logAlpha = proposed.logWeight() - current.logWeight()
                + Math.log(current.trace().size()) - Math.log(Math.max(1, proposed.trace().size()))
                + proposed.trace().keptLogRatio();
        return Math.log(uniform) < logAlpha;
    }

    /** Execution {@code i}: the program to its end ({@code resample()} only pauses it), then its mean. */
    private State execute(int i, DrawTrace trace) {
        Slot s = run.newSlot(i);
        s.host.state().drawWith(trace);
        while (!s.done) {
            run.advance(s);
        }
        Value mean = run.mean(s);
        return new State(trace, s.logWeight(), mean, s.host.state().plan());
    }
}
