package dev.epic.prob.smc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.epic.engine.RunOptions;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.value.Value;
import dev.epic.prob.infer.Algorithm;
import dev.epic.tools.ExternalRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Metropolis–Hastings against closed-form posteriors. Each chain's tolerance is four posterior standard deviations
 * over the square root of the chain's own effective sample size (autocorrelations summed while consecutive pairs
 * stay positive), and the chain must have mixed: an effective sample size of at least 100.
 */
class MhRunTest {
    /** The chain's states after burn-in, its estimate and its acceptance rate. */
    private record Chain(double[] states, double estimate, double acceptance) {
        double ess() {
            int n = states.length;
            double m = 0;
            for (double x : states) {
                m += x;
            }
            m /= n;
            double c0 = 0;
            for (double x : states) {
                c0 += (x - m) * (x - m);
            }
            double sum = 0;
            for (int k = 1; k + 1 < n / 2; k += 2) {
                double pair = autocorrelation(k, m, c0) + autocorrelation(k + 1, m, c0);
                if (pair < 0) {
                    break;
                }
                sum += pair;
            }
            return n / (1 + 2 * sum);
        }

        private double autocorrelation(int lag, double m, double c0) {
            double c = 0;
            for (int i = 0; i + lag < states.length; i++) {
                c += (states[i] - m) * (states[i + lag] - m);
            }
            return c / c0;
        }
    }

    private static Chain chain(String program, Algorithm method, int iterations, long seed) {
        AtomicReference<List<Value>> states = new AtomicReference<>();
        double[] acceptance = new double[1];
        ParticleRun.Options options = new ParticleRun.Options(method, iterations, seed, RunOptions.defaults())
                .withHandler(ParticleRun.Handler.MH);
        ProbResult r = new ParticleRun(StandardLanguage.compile(new Source("mh.si", program), ExternalRegistry.withDefaults()),
                options, new ParticleRun.Listener() {
                    @Override
                    public void particles(List<Value> means, double[] weights) {
                        states.set(means);
                    }

                    @Override
                    public void acceptance(double rate) {
                        acceptance[0] = rate;
                    }
                }).run();
        assertThat(r.ok()).as(r.ok() ? "" : r.error().format()).isTrue();
        assertThat(r.stats().resamples()).isZero();
        double[] xs = states.get().stream().mapToDouble(v -> ((Value.Flt) v).value()).toArray();
        assertThat(xs).hasSize(iterations - MhRun.burnIn(iterations));
        return new Chain(xs, ((Value.Flt) r.mean()).value(), acceptance[0]);
    }

    private static void assertNear(Chain c, double mean, double sd) {
        double ess = c.ess();
        assertThat(ess).as("effective sample size").isGreaterThan(100);
        assertThat(c.acceptance()).isBetween(0.01, 0.99);
        assertThat(c.estimate()).as("ess %.0f, acceptance %.2f", ess, c.acceptance())
                .isCloseTo(mean, within(4 * sd / Math.sqrt(ess)));
    }

    @Test
    void aSampledBetaPriorReachesItsPosteriorMean() {
        // p ~ Beta(2, 2), sampled; 7 heads in 10 flips: Beta(9, 5), mean 9/14, variance 9·5 / (14²·15).
        String p = "val flip = fun (h, q) -> let () = observe(bernoulli(q), h) in q in\n"
                + "let sample p <- beta(2., 2.) in\n"
                + "fold(flip, [true, true, false, true, true, false, true, true, false, true], p)";
        Chain c = chain(p, Algorithm.SSI, 4000, 11);
        assertNear(c, 9.0 / 14.0, Math.sqrt(45.0 / (196 * 15)));
    }

    @Test
    void aSampledMeanWithSymbolicLatentsReachesItsPosteriorMean() {
        // mu ~ N(0, 4) sampled; x_i ~ N(mu, 1) symbolic; y_i ~ N(x_i, 1): y_i ~ N(mu, 2) once the x_i are
        // marginalised exactly inside each execution. Posterior precision 1/4 + 3/2, mean (Σy / 2) / precision.
        String p = "val obs = fun (y, m) -> let symbolic x <- gaussian(m, 1.) in let () = observe(gaussian(x, 1.), y) in\n"
                + "  let () = resample() in m in\n"
                + "let sample mu <- gaussian(0., 4.) in fold(obs, [1.2, 2.0, 0.7], mu)";
        double precision = 0.25 + 1.5;
        for (Algorithm a : List.of(Algorithm.SSI, Algorithm.DS, Algorithm.BP)) {
            Chain c = chain(p, a, 4000, 5);
            assertNear(c, (3.9 / 2) / precision, Math.sqrt(1 / precision));
        }
    }

    @Test
    void dependentSampledSitesAreReplayedWithTheirNewDensities() {
        // mu1 ~ N(0, 4), mu2 ~ N(mu1, 1), both sampled; y = 2.5 ~ N(mu2, 1). Regenerating mu1 replays mu2, whose
        // density changes with mu1: the acceptance ratio must count it. Posterior of mu1: mean 4/6 · 2.5, variance
        // 4 − 16/6.
        String p = "let sample mu1 <- gaussian(0., 4.) in let sample mu2 <- gaussian(mu1, 1.) in\n"
                + "let () = observe(gaussian(mu2, 1.), 2.5) in mu1";
        Chain c = chain(p, Algorithm.SSI, 8000, 3);
        assertNear(c, 4.0 / 6.0 * 2.5, Math.sqrt(4 - 16.0 / 6));
    }

    @Test
    void aProgramThatSamplesNothingStaysOnItsExactAnswer() {
        // Fully symbolic: every execution is exact, the chain has one state.
        String p = "let symbolic p <- beta(2., 3.) in let () = observe(binomial(10., p), 7.) in p";
        Chain c = chain(p, Algorithm.SSI, 50, 1);
        assertThat(c.estimate()).isCloseTo(0.6, within(1e-12));
    }
}
