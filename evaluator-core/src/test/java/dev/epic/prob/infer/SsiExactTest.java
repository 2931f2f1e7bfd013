package dev.epic.prob.infer;

import static dev.epic.prob.sym.Exprs.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.epic.prob.dist.BetaBinomial;
import dev.epic.prob.dist.Gaussian;
import dev.epic.prob.dist.NegativeBinomial;
import dev.epic.prob.rand.RandomStream;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.SymDist;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conjugate models driven through the hybrid inference interface under SSI, against closed forms. */
class SsiExactTest {
    private static SymbolicState ssi() {
        return SymbolicState.create(Algorithm.SSI, new RandomStream(7, 0, 0));
    }

    private static Decl symbolic(String name) {
        return new Decl(name, Annotation.SYMBOLIC, name + "@decl");
    }

    @Test
    void coinWithEightTrueObservationsHasMeanNineTenthsAndStaysSymbolic() {
        SymbolicState s = ssi();
        Expr p = s.assume(symbolic("p"), SymDist.beta(num(1), num(1)));
        double logWeight = 0;
        for (int i = 0; i < 8; i++) {
            logWeight += s.observe(SymDist.bernoulli(p), Exprs.TRUE, "obs" + i);
        }
        assertThat(s.mean(p, "result")).isCloseTo(0.9, within(1e-15));
        assertThat(s.eval(p)).isSameAs(p);
        assertThat(s.distribution((Expr.RandomVar) p)).isEqualTo(new SymDist.Beta(num(9), num(1)));
        // The evidence of eight heads under a uniform prior is 1/9.
        assertThat(logWeight).isCloseTo(-Math.log(9), within(1e-12));
        assertThat(s.plan().get("p")).isEqualTo(Encoding.SYMBOLIC);
    }

    @Test
    void kalmanFilterMatchesTheClosedFormFilterAndSmoother() {
        double q = 0.5;
        double r = 2.0;
        double[] ys = new double[60];
        RandomStream data = new RandomStream(99, 0, 0);
        double truth = 0;
        for (int t = 0; t < ys.length; t++) {
            truth += Math.sqrt(q) * data.standardNormal();
            ys[t] = truth + Math.sqrt(r) * data.standardNormal();
        }

        SymbolicState s = ssi();
        Decl x = symbolic("x");
        List<Expr> xs = new ArrayList<>();
        Expr prev = num(0);
        double logWeight = 0;
        double[] filtered = new double[ys.length];
        for (int t = 0; t < ys.length; t++) {
            Expr xt = s.assume(x, SymDist.gaussian(prev, num(t == 0 ? 100 : q)));
            logWeight += s.observe(SymDist.gaussian(xt, num(r)), num(ys[t]), "y" + t);
            filtered[t] = meanOfCurrent(s, xt);
            xs.add(xt);
            prev = xt;
        }

        // Closed-form Kalman filter and Rauch–Tung–Striebel smoother.
        double[] m = new double[ys.length];
        double[] p = new double[ys.length];
        double[] pPred = new double[ys.length];
        double mPrev = 0;
        double pPrev = 0;
        double evidence = 0;
        for (int t = 0; t < ys.length; t++) {
            double mp = mPrev;
            double pp = pPrev + (t == 0 ? 100 : q);
            evidence += Gaussian.logDensity(mp, pp + r, ys[t]);
            double k = pp / (pp + r);
            m[t] = mp + k * (ys[t] - mp);
            p[t] = (1 - k) * pp;
            pPred[t] = pp;
            mPrev = m[t];
            pPrev = p[t];
        }
        double[] smooth = m.clone();
        for (int t = ys.length - 2; t >= 0; t--) {
            double g = p[t] / pPred[t + 1];
            smooth[t] = m[t] + g * (smooth[t + 1] - m[t]);
        }

        for (int t = 0; t < ys.length; t++) {
            assertThat(filtered[t]).as("filtered mean at %d", t).isCloseTo(m[t], within(1e-9));
        }
        assertThat(logWeight).isCloseTo(evidence, within(1e-9));
        // The final mean marginalises every kept x_t: the smoother's means.
        for (int t = ys.length - 1; t >= 0; t--) {
            assertThat(s.mean(xs.get(t), "result")).as("smoothed mean at %d", t).isCloseTo(smooth[t], within(1e-9));
        }
        assertThat(s.plan().get("x")).isEqualTo(Encoding.SYMBOLIC);
    }

    /** The filtered mean of the newest variable, read without hoisting (it is a root after its observation). */
    private static double meanOfCurrent(SymbolicState s, Expr xt) {
        SymDist d = s.distribution((Expr.RandomVar) xt).eval(s);
        return d.mean();
    }

    @Test
    void gammaPoissonPosteriorAndEvidence() {
        SymbolicState s = ssi();
        Expr l = s.assume(symbolic("l"), SymDist.gamma(num(2), num(1)));
        int[] counts = {3, 0, 5, 2};
        double logWeight = 0;
        double expected = 0;
        double a = 2;
        double b = 1;
        for (int c : counts) {
            logWeight += s.observe(SymDist.poisson(l), num(c), null);
            expected += NegativeBinomial.logDensity(a, b / (1 + b), c);
            a += c;
            b += 1;
        }
        assertThat(s.mean(l, null)).isCloseTo((2 + 10) / 5.0, within(1e-14));
        assertThat(s.distribution((Expr.RandomVar) l).eval(s)).isEqualTo(new SymDist.Gamma(num(12), num(5)));
        assertThat(logWeight).isCloseTo(expected, within(1e-12));
    }

    @Test
    void unknownPrecisionNormalPosterior() {
        SymbolicState s = ssi();
        Expr tau = s.assume(symbolic("tau"), SymDist.gamma(num(3), num(2)));
        double[] xs = {0.3, 2.1, 1.4};
        double ss = 0;
        for (double x : xs) {
            s.observe(SymDist.gaussian(num(1), Exprs.div(num(1), tau)), num(x), null);
            ss += (x - 1) * (x - 1);
        }
        SymDist post = s.distribution((Expr.RandomVar) tau).eval(s);
        assertThat(((SymDist.Gamma) post).a()).isEqualTo(num(4.5));
        assertThat(Expr.numeric(((SymDist.Gamma) post).b())).isCloseTo(2 + ss / 2, within(1e-14));
        assertThat(s.mean(tau, null)).isCloseTo(4.5 / (2 + ss / 2), within(1e-14));
    }

    @Test
    void betaBinomialPosteriorAndEvidence() {
        SymbolicState s = ssi();
        Expr p = s.assume(symbolic("p"), SymDist.beta(num(2), num(3)));
        double w = s.observe(SymDist.binomial(num(10), p), num(4), null);
        w += s.observe(SymDist.binomial(num(5), p), num(5), null);
        assertThat(s.distribution((Expr.RandomVar) p).eval(s)).isEqualTo(new SymDist.Beta(num(11), num(9)));
        assertThat(s.mean(p, null)).isCloseTo(11 / 20.0, within(1e-15));
        assertThat(w).isCloseTo(BetaBinomial.logDensity(10, 2, 3, 4) + BetaBinomial.logDensity(5, 6, 9, 5),
                within(1e-12));
    }

    @Test
    void bernoulliBernoulliPosterior() {
        SymbolicState s = ssi();
        Expr z = s.assume(symbolic("z"), SymDist.bernoulli(num(0.3)));
        double w = s.observe(SymDist.bernoulli(Exprs.ite(z, num(0.9), num(0.2))), Exprs.TRUE, null);
        assertThat(s.mean(z, null)).isCloseTo(0.27 / 0.41, within(1e-15));
        w += s.observe(SymDist.bernoulli(Exprs.ite(z, num(0.9), num(0.2))), Exprs.FALSE, null);
        // P(z | true, false) ∝ 0.3·0.9·0.1 against 0.7·0.2·0.8.
        double pz = 0.027 / (0.027 + 0.112);
        assertThat(s.mean(z, null)).isCloseTo(pz, within(1e-15));
        assertThat(w).isCloseTo(Math.log(0.027 + 0.112), within(1e-14));
        assertThat(s.plan().get("z")).isEqualTo(Encoding.SYMBOLIC);
    }

    @Test
    void normalInverseGammaUnderSsiSamplesThePrecisionAndKeepsTheMeanExact() {
        // Rule 1 applies first to N(mu, 1/tau) given mu ~ N(1, 2/tau); the StudentT-free marginal then mentions tau in
        // a variance that is not literally 1/tau, so tau has no rule to the observation and is sampled: the published
        // implementation does the same (plan tau: sample, mu: symbolic).
        SymbolicState s = ssi();
        Expr tau = s.assume(new Decl("tau", Annotation.NONE, null), SymDist.gamma(num(3), num(2)));
        Expr mu = s.assume(new Decl("mu", Annotation.NONE, null),
                SymDist.gaussian(num(1), Exprs.mul(num(2), Exprs.div(num(1), tau))));
        s.observe(SymDist.gaussian(mu, Exprs.div(num(1), tau)), num(2.5), null);
        s.observe(SymDist.gaussian(mu, Exprs.div(num(1), tau)), num(0.5), null);
        assertThat(s.plan().encodings()).containsExactly(
                java.util.Map.entry("tau", Encoding.SAMPLE), java.util.Map.entry("mu", Encoding.SYMBOLIC));
        // Given tau, mu | x ~ N((λμ0 + Σx)/(λ + n), 1/((λ + n)τ)) with λ = 1/2.
        double t = Expr.numeric(s.eval(tau));
        SymDist post = s.distribution((Expr.RandomVar) mu).eval(s);
        assertThat(post.mean()).isCloseTo((0.5 + 3) / 2.5, within(1e-12));
        assertThat(post.variance()).isCloseTo(1 / (2.5 * t), within(1e-12));
    }
}
