package dev.epic.prob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.epic.engine.RunOptions;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.prob.infer.Algorithm;
import dev.epic.prob.smc.ParticleRun;
import dev.epic.prob.smc.ProbResult;
import dev.epic.tools.ExternalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Probabilistic programs, run with particles, against mathematics: closed-form posteriors of the conjugate pairs
 * and of a Kalman smoother, a Monte Carlo estimate whose error shrinks like 1/√N, particles that go separate ways
 * after a resample, and plans that hold seed after seed.
 */
class SirenInferenceTest {
    private static Program compile(String name, String text) {
        return StandardLanguage.compile(new Source(name, text), ExternalRegistry.withDefaults());
    }

    private static ProbResult run(Program p, Algorithm method, int particles, long seed) {
        return new ParticleRun(p, new ParticleRun.Options(method, particles, seed, RunOptions.defaults()), ParticleRun.Listener.NONE).run();
    }

    private static double mean(String name, String text, Algorithm method) {
        ProbResult r = run(compile(name, text), method, 10, 1);
        assertThat(r.ok()).as(r.ok() ? "" : r.error().format()).isTrue();
        return ((Value.Flt) r.mean()).value();
    }

    @Test
    void gammaPoissonGivesTheGammaPosterior() {
        // rate ~ Gamma(2, 1); counts 3, 1, 4 → Gamma(2 + 8, 1 + 3), mean 2.5.
        String p = "val obs = fun (k, r) -> let () = observe(poisson(r), k) in r in\n"
                + "let symbolic rate <- gamma(2., 1.) in fold(obs, [3., 1., 4.], rate)";
        for (Algorithm a : List.of(Algorithm.SSI, Algorithm.DS)) {
            assertThat(mean("gp.si", p, a)).isCloseTo(10.0 / 4.0, within(1e-12));
        }
    }

    @Test
    void anUnknownPrecisionGivesItsGammaPosterior() {
        // prec ~ Gamma(2, 2); y ~ N(1, 1/prec) for y = 1.5, 0.2, 2.4 → Gamma(2 + 3/2, 2 + ss/2).
        String p = "val obs = fun (y, t) -> let () = observe(gaussian(1., 1. / t), y) in t in\n"
                + "let symbolic prec <- gamma(2., 2.) in fold(obs, [1.5, 0.2, 2.4], prec)";
        double ss = 0.25 + 0.64 + 1.96;
        for (Algorithm a : List.of(Algorithm.SSI, Algorithm.DS)) {
            assertThat(mean("prec.si", p, a)).isCloseTo((2 + 1.5) / (2 + ss / 2), within(1e-12));
        }
    }

    @Test
    void betaBinomialGivesTheBetaPosterior() {
        // p ~ Beta(2, 3); 7 of 10 → Beta(9, 6), mean 0.6.
        String p = "let symbolic p <- beta(2., 3.) in let () = observe(binomial(10., p), 7.) in p";
        for (Algorithm a : List.of(Algorithm.SSI, Algorithm.DS)) {
            assertThat(mean("bb.si", p, a)).isCloseTo(0.6, within(1e-12));
        }
    }

    @Test
    void bernoulliBernoulliGivesBayesRule() {
        // a ~ Bernoulli(0.3); b ~ Bernoulli(a ? 0.9 : 0.2) observed true: P(a | b) = 0.27 / 0.41.
        String p = "let symbolic a <- bernoulli(0.3) in let () = observe(bernoulli(if a then 0.9 else 0.2), true) in a";
        for (Algorithm a : List.of(Algorithm.SSI, Algorithm.DS)) {
            assertThat(mean("bern.si", p, a)).isCloseTo(0.27 / 0.41, within(1e-12));
        }
    }

    /** The Kalman filter and Rauch–Tung–Striebel smoother of a random walk from 0, computed here. */
    static double[] smoothedMeans(double[] ys, double q, double r) {
        int n = ys.length;
        double[] m = new double[n];
        double[] pv = new double[n];
        double mean = 0;
        double var = 0;
        for (int t = 0; t < n; t++) {
            double priorVar = var + q;
            double gain = priorVar / (priorVar + r);
            mean = mean + gain * (ys[t] - mean);
            var = (1 - gain) * priorVar;
            m[t] = mean;
            pv[t] = var;
        }
        double[] s = m.clone();
        for (int t = n - 2; t >= 0; t--) {
            double c = pv[t] / (pv[t] + q);
            s[t] = m[t] + c * (s[t + 1] - m[t]);
        }
        return s;
    }

    @Test
    void aSymbolicRandomWalkIsTheKalmanSmoother() throws Exception {
        Path dir = SirenProgramsTest.dir();
        List<String> lines = Files.readAllLines(dir.resolve("data/walk.csv"));
        double[] ys = lines.stream().skip(1).mapToDouble(Double::parseDouble).toArray();
        double[] expected = smoothedMeans(ys, 2.0, 0.5);
        Program program = SirenProgramsTest.compile(dir.resolve("kalman.si"));
        for (Algorithm a : List.of(Algorithm.SSI, Algorithm.BP)) {
            for (int particles : new int[] {1, 7}) {
                ProbResult r = run(program, a, particles, 3);
                assertThat(r.ok()).as(r.ok() ? "" : r.error().format()).isTrue();
                List<Value> xs = Values.toList(r.mean());
                assertThat(xs).hasSize(ys.length);
                for (int t = 0; t < ys.length; t++) {
                    assertThat(((Value.Flt) xs.get(t)).value()).as(a + " x" + t).isCloseTo(expected[t], within(1e-9));
                }
            }
        }
        // Delayed sampling keeps one marginalised node per chain: asking for the whole trajectory at the end would
        // prune (sample) the earlier states, so its filter returns the last state, whose filtering mean is exact.
        StringBuilder data = new StringBuilder("[");
        for (int t = 0; t < ys.length; t++) {
            data.append(t == 0 ? "" : ", ").append(ys[t]);
        }
        String last = "val step = fun (y, x) -> let symbolic x1 <- gaussian(x, 2.) in let () = observe(gaussian(x1, 0.5), y) in\n"
                + "  let () = resample() in x1 in fold(step, " + data + "], 0.)";
        ProbResult ds = run(compile("filter.si", last), Algorithm.DS, 3, 3);
        assertThat(ds.ok()).as(ds.ok() ? "" : ds.error().format()).isTrue();
        assertThat(((Value.Flt) ds.mean()).value()).isCloseTo(expected[ys.length - 1], within(1e-9));
        assertThat(ds.plan().toString()).isEqualTo("x1: symbolic\n");
    }

    @Test
    void duplicatedParticlesGoSeparateWaysAfterAResample() {
        // x0 is sampled and strongly weighted, so resampling duplicates the best particles; x1 is drawn after the
        // resample, from each offspring's own stream.
        String p = "let sample x0 <- gaussian(0., 1.) in let () = observe(gaussian(x0, 0.01), 0.) in let () = resample() in\n"
                + "let sample x1 <- gaussian(x0, 1.) in (x0, x1)";
        AtomicReference<List<Value>> seen = new AtomicReference<>();
        ProbResult r = new ParticleRun(compile("walk.si", p), new ParticleRun.Options(Algorithm.SSI, 200, 7, RunOptions.defaults()),
                new ParticleRun.Listener() {
                    @Override
                    public void particles(List<Value> means, double[] weights) {
                        seen.set(means);
                    }
                }).run();
        assertThat(r.ok()).isTrue();
        Map<Value, List<Value>> byAncestor = new java.util.HashMap<>();
        for (Value v : seen.get()) {
            Value.Tuple t = (Value.Tuple) v;
            byAncestor.computeIfAbsent(t.get(0), k -> new ArrayList<>()).add(t.get(1));
        }
        assertThat(byAncestor.size()).as("resampling duplicated some particles").isLessThan(200);
        int duplicated = 0;
        for (List<Value> offspring : byAncestor.values()) {
            if (offspring.size() > 1) {
                duplicated++;
                assertThat(new HashSet<>(offspring)).as("offspring of one particle draw different futures").hasSize(offspring.size());
            }
        }
        assertThat(duplicated).isPositive();
    }

    @Test
    void aSampledEstimateConvergesLikeOneOverRootN() {
        // p ~ Beta(2, 2), sampled; 7 heads in 10 flips: posterior mean 9/14, estimated by importance sampling.
        String p = "val flip = fun (h, q) -> let () = observe(bernoulli(q), h) in q in\n"
                + "let sample p <- beta(2., 2.) in\n"
                + "fold(flip, [true, true, false, true, true, false, true, true, false, true], p)";
        Program program = compile("conv.si", p);
        double truth = 9.0 / 14.0;
        int[] sizes = {50, 200, 800, 3200};
        double[] rmse = new double[sizes.length];
        int seeds = 16;
        for (int i = 0; i < sizes.length; i++) {
            double sq = 0;
            for (int s = 0; s < seeds; s++) {
                ProbResult r = run(program, Algorithm.SSI, sizes[i], 1000 + s);
                double err = ((Value.Flt) r.mean()).value() - truth;
                sq += err * err;
            }
            rmse[i] = Math.sqrt(sq / seeds);
        }
        // Least-squares slope of log RMSE against log N: -1/2 for a Monte Carlo estimate. With 16 runs per size the
        // RMSE's relative standard error is about 1/√32 ≈ 18%, so the slope over a 64-fold range of N is known to
        // about ±0.06; ±0.2 is more than three standard errors.
        double mx = 0;
        double my = 0;
        for (int i = 0; i < sizes.length; i++) {
            mx += Math.log(sizes[i]);
            my += Math.log(rmse[i]);
        }
        mx /= sizes.length;
        my /= sizes.length;
        double num = 0;
        double den = 0;
        for (int i = 0; i < sizes.length; i++) {
            num += (Math.log(sizes[i]) - mx) * (Math.log(rmse[i]) - my);
            den += (Math.log(sizes[i]) - mx) * (Math.log(sizes[i]) - mx);
        }
        assertThat(num / den).as("slope of log RMSE against log N, RMSEs " + java.util.Arrays.toString(rmse))
                .isBetween(-0.7, -0.3);
    }

    @Test
    void aSatisfiablePlanHoldsSeedAfterSeed() {
        // The outlier model with xt and p symbolic and the indicator sampled: satisfiable under SSI.
        String p = "val step = fun (y, (first, p, xs)) ->\n"
                + "  let symbolic xt <- gaussian(if first then 0. else List.hd(xs), if first then 100. else 1.) in\n"
                + "  let sample out <- bernoulli(p) in\n"
                + "  let () = observe(gaussian(if out then 0. else xt, if out then 1000. else 1.), y) in\n"
                + "  let () = resample() in (false, p, cons(xt, xs))\n"
                + "in let symbolic p <- beta(2., 20.) in\n"
                + "let (_, p, xs) = fold(step, [0.3, 1.1, 9., 1.9, 2.2, -8., 3.1, 2.8], (true, p, [0.])) in (p, xs)";
        Program program = compile("outlier.si", p);
        Set<String> plans = new HashSet<>();
        for (long seed = 0; seed < 100; seed++) {
            ProbResult r = run(program, Algorithm.SSI, 10, seed);
            assertThat(r.ok()).as("seed " + seed + ": " + (r.ok() ? "" : r.error().format())).isTrue();
            plans.add(r.plan().toString());
        }
        assertThat(plans).containsExactly("p: symbolic\nxt: symbolic\nout: sample\n");
    }
}
