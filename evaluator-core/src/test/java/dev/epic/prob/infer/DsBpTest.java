package dev.epic.prob.infer;

import static dev.epic.prob.sym.Exprs.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.epic.prob.dist.Gaussian;
import dev.epic.prob.rand.RandomStream;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.SymDist;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Delayed sampling and belief propagation: exact cases, default plans against the published interpreter, triggers. */
class DsBpTest {
    private static Map<String, Encoding> plan(Algorithm a, Consumer<SymbolicState> model) {
        return Models.plan(a, 10, 1, model).encodings();
    }

    private static Map.Entry<String, Encoding> e(String name, Encoding enc) {
        return Map.entry(name, enc);
    }

    private static final Encoding SYM = Encoding.SYMBOLIC;
    private static final Encoding SMP = Encoding.SAMPLE;

    @Test
    void defaultPlansUnderDsMatchThePublishedInterpreter() {
        assertThat(plan(Algorithm.DS, Models::outlier)).containsExactly(e("p", SYM), e("xt", SMP), e("isout", SMP));
        assertThat(plan(Algorithm.DS, Models::noise)).containsExactly(e("invq", SYM), e("invr", SMP), e("x", SMP));
        assertThat(plan(Algorithm.DS, Models::tree)).containsExactly(e("a", SYM), e("b", SMP));
        assertThat(plan(Algorithm.DS, Models::env)).containsExactly(e("x", SYM), e("env", SMP), e("w", SMP));
        assertThat(plan(Algorithm.DS, Models::gammaVariance))
                .containsExactly(e("s", SMP), e("m", SYM), e("c", SYM), e("d", SMP));
        assertThat(plan(Algorithm.DS, Models::coin)).containsExactly(e("p", SYM));
    }

    @Test
    void defaultPlansUnderBpMatchThePublishedInterpreter() {
        assertThat(plan(Algorithm.BP, Models::outlier)).containsExactly(e("p", SMP), e("xt", SYM), e("isout", SMP));
        assertThat(plan(Algorithm.BP, Models::noise)).containsExactly(e("invq", SMP), e("invr", SMP), e("x", SYM));
        assertThat(plan(Algorithm.BP, Models::tree)).containsExactly(e("a", SYM), e("b", SYM));
        assertThat(plan(Algorithm.BP, Models::env)).containsExactly(e("x", SYM), e("env", SMP), e("w", SYM));
        assertThat(plan(Algorithm.BP, Models::gammaVariance))
                .containsExactly(e("s", SMP), e("m", SYM), e("c", SMP), e("d", SMP));
        assertThat(plan(Algorithm.BP, Models::coin)).containsExactly(e("p", SMP));
    }

    @Test
    void kalmanIsExactUnderAllThreeAlgorithms() {
        double q = 0.5;
        double r = 2.0;
        double[] ys = new double[40];
        RandomStream data = new RandomStream(99, 0, 0);
        double truth = 0;
        for (int t = 0; t < ys.length; t++) {
            truth += Math.sqrt(q) * data.standardNormal();
            ys[t] = truth + Math.sqrt(r) * data.standardNormal();
        }
        double[] m = new double[ys.length];
        double[] p = new double[ys.length];
        double[] pPred = new double[ys.length];
        double evidence = 0;
        double mPrev = 0;
        double pPrev = 0;
        for (int t = 0; t < ys.length; t++) {
            double pp = pPrev + (t == 0 ? 100 : q);
            evidence += Gaussian.logDensity(mPrev, pp + r, ys[t]);
            double k = pp / (pp + r);
            m[t] = mPrev + k * (ys[t] - mPrev);
            p[t] = (1 - k) * pp;
            pPred[t] = pp;
            mPrev = m[t];
            pPrev = p[t];
        }
        double[] smooth = m.clone();
        for (int t = ys.length - 2; t >= 0; t--) {
            smooth[t] = m[t] + p[t] / pPred[t + 1] * (smooth[t + 1] - m[t]);
        }

        for (Algorithm a : Algorithm.values()) {
            SymbolicState s = SymbolicState.create(a, new RandomStream(1, 0, 0));
            Decl x = new Decl("x", Annotation.SYMBOLIC, "x");
            Expr prev = num(0);
            List<Expr> xs = new ArrayList<>();
            double w = 0;
            for (int t = 0; t < ys.length; t++) {
                Expr xt = s.assume(x, SymDist.gaussian(prev, num(t == 0 ? 100 : q)));
                w += s.observe(SymDist.gaussian(xt, num(r)), num(ys[t]), null);
                assertThat(s.mean(xt, null)).as("%s filtered mean at %d", a, t).isCloseTo(m[t], within(1e-9));
                xs.add(xt);
                prev = xt;
            }
            assertThat(w).as("%s evidence", a).isCloseTo(evidence, within(1e-9));
            if (a != Algorithm.DS) {
                // SSI and BP swap edges back for the final mean: the smoother, still exact and symbolic. (DS would prune
                // the later variables, so under DS a kept trajectory is sampled, as in the published implementation.)
                for (int t = ys.length - 1; t >= 0; t--) {
                    assertThat(s.mean(xs.get(t), null)).as("%s smoothed mean at %d", a, t).isCloseTo(smooth[t], within(1e-9));
                }
            }
            assertThat(s.plan().get("x")).isEqualTo(SYM);
        }
    }

    @Test
    void coinIsExactUnderDsWhileBpSamplesItsProbabilityAndConverges() {
        SymbolicState ds = SymbolicState.create(Algorithm.DS, new RandomStream(1, 0, 0));
        Expr p = ds.assume(new Decl("p", Annotation.SYMBOLIC, "p"), SymDist.beta(num(1), num(1)));
        for (int i = 0; i < 8; i++) {
            ds.observe(SymDist.bernoulli(p), Exprs.TRUE, null);
        }
        assertThat(ds.mean(p, null)).isCloseTo(0.9, within(1e-15));

        int n = 20_000;
        double sw = 0;
        double swp = 0;
        double[] ws = new double[n];
        double[] ps = new double[n];
        for (int i = 0; i < n; i++) {
            SymbolicState bp = SymbolicState.create(Algorithm.BP, new RandomStream(2, 0, i));
            Expr pi = bp.assume(new Decl("p", Annotation.NONE, "p"), SymDist.beta(num(1), num(1)));
            double lw = 0;
            for (int k = 0; k < 8; k++) {
                lw += bp.observe(SymDist.bernoulli(pi), Exprs.TRUE, null);
            }
            assertThat(bp.plan().get("p")).isEqualTo(SMP);
            ws[i] = Math.exp(lw);
            ps[i] = bp.mean(pi, null);
            sw += ws[i];
            swp += ws[i] * ps[i];
        }
        double estimate = swp / sw;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double d = ws[i] * (ps[i] - estimate);
            var += d * d;
        }
        double se = Math.sqrt(var) / sw;
        assertThat(se).isLessThan(0.01);
        assertThat(estimate).isCloseTo(0.9, within(5 * se));
    }

    @Test
    void dsSamplesAnExtraParentAtAssume() {
        for (Algorithm a : new Algorithm[] {Algorithm.DS, Algorithm.BP}) {
            SymbolicState s = SymbolicState.create(a, new RandomStream(1, 0, 0));
            Expr x = s.assume(new Decl("x", Annotation.SYMBOLIC, "1:1"), SymDist.gaussian(num(0), num(1)));
            Expr y = s.assume(new Decl("y", Annotation.SYMBOLIC, "2:1"), SymDist.gaussian(num(0), num(1)));
            assertThatThrownBy(() -> s.assume(new Decl("z", Annotation.NONE, "3:1"),
                    SymDist.gaussian(Exprs.add(x, y), num(1))))
                    .isInstanceOfSatisfying(PlanViolation.class, v -> {
                        assertThat(v.variable()).isEqualTo("y");
                        assertThat(v.trigger().cause()).isEqualTo(Cause.EXTRA_PARENT);
                        assertThat(v.trigger().otherName()).isEqualTo("z");
                        assertThat(v.trigger().operation()).isEqualTo(Operation.ASSUME);
                    });
        }
        // SSI hoists both parents instead.
        SymbolicState s = SymbolicState.create(Algorithm.SSI, new RandomStream(1, 0, 0));
        Expr x = s.assume(new Decl("x", Annotation.SYMBOLIC, "1:1"), SymDist.gaussian(num(0), num(1)));
        Expr y = s.assume(new Decl("y", Annotation.SYMBOLIC, "2:1"), SymDist.gaussian(num(0), num(1)));
        Expr z = s.assume(new Decl("z", Annotation.NONE, "3:1"), SymDist.gaussian(Exprs.add(x, y), num(1)));
        s.observe(SymDist.gaussian(z, num(1)), num(3), null);
        assertThat(s.mean(x, null)).isCloseTo(0.75, within(1e-12)); // Cov(x, obs) / Var(obs) · 3 = 3/4
        assertThat(s.plan().get("y")).isEqualTo(SYM);
    }

    @Test
    void dsPrunesAMarginalisedSiblingWhenGrafting() {
        SymbolicState s = SymbolicState.create(Algorithm.DS, new RandomStream(1, 0, 0));
        Expr a = s.assume(new Decl("a", Annotation.SYMBOLIC, "1:1"), SymDist.gaussian(num(0), num(1)));
        Expr b = s.assume(new Decl("b", Annotation.SYMBOLIC, "2:1"), SymDist.gaussian(a, num(1)));
        s.observe(SymDist.gaussian(b, num(1)), num(0.5), "3:1");
        Expr c = s.assume(new Decl("c", Annotation.NONE, "4:1"), SymDist.gaussian(a, num(1)));
        assertThatThrownBy(() -> s.observe(SymDist.gaussian(c, num(1)), num(0.3), "5:1"))
                .isInstanceOfSatisfying(PlanViolation.class, v -> {
                    assertThat(v.variable()).isEqualTo("b");
                    assertThat(v.trigger().cause()).isEqualTo(Cause.PRUNED_SIBLING);
                    assertThat(v.trigger().otherName()).isEqualTo("a");
                    assertThat(v.trigger().site()).isEqualTo("5:1");
                });
        // The same under SSI and BP keeps b symbolic.
        for (Algorithm alg : new Algorithm[] {Algorithm.SSI, Algorithm.BP}) {
            SymbolicState t = SymbolicState.create(alg, new RandomStream(1, 0, 0));
            Expr ta = t.assume(new Decl("a", Annotation.SYMBOLIC, "1:1"), SymDist.gaussian(num(0), num(1)));
            Expr tb = t.assume(new Decl("b", Annotation.SYMBOLIC, "2:1"), SymDist.gaussian(ta, num(1)));
            t.observe(SymDist.gaussian(tb, num(1)), num(0.5), "3:1");
            Expr tc = t.assume(new Decl("c", Annotation.NONE, "4:1"), SymDist.gaussian(ta, num(1)));
            t.observe(SymDist.gaussian(tc, num(1)), num(0.3), "5:1");
            assertThat(t.plan().get("b")).as("%s", alg).isEqualTo(SYM);
        }
    }

    @Test
    void dsSamplesAParentWhoseMarginalisationFails() {
        // mu | tau is conjugate (rule 6) and y | mu passes rule 1's check against mu's conditional, but once mu is
        // marginalised to a Student t there is no rule to y: mu is sampled.
        SymbolicState s = SymbolicState.create(Algorithm.DS, new RandomStream(1, 0, 0));
        Expr tau = s.assume(new Decl("tau", Annotation.NONE, "1:1"), SymDist.gamma(num(2), num(1)));
        Expr mu = s.assume(new Decl("mu", Annotation.SYMBOLIC, "2:1"),
                SymDist.gaussian(num(0), Exprs.div(num(1), tau)));
        Expr y = s.assume(new Decl("y", Annotation.NONE, "3:1"), SymDist.gaussian(mu, num(1)));
        assertThatThrownBy(() -> s.observe(SymDist.gaussian(y, num(1)), num(0.2), "4:1"))
                .isInstanceOfSatisfying(PlanViolation.class, v -> {
                    assertThat(v.variable()).isEqualTo("mu");
                    assertThat(v.trigger().cause()).isEqualTo(Cause.NON_CONJUGATE_CHILD);
                    assertThat(v.trigger().otherName()).isEqualTo("y");
                });
    }

    @Test
    void bpSamplesEveryNonGaussianParent() {
        SymbolicState s = SymbolicState.create(Algorithm.BP, new RandomStream(1, 0, 0));
        Expr p = s.assume(new Decl("p", Annotation.SYMBOLIC, "1:1"), SymDist.beta(num(1), num(1)));
        assertThatThrownBy(() -> s.observe(SymDist.bernoulli(p), Exprs.TRUE, "2:1"))
                .isInstanceOfSatisfying(PlanViolation.class, v -> {
                    assertThat(v.trigger().cause()).isEqualTo(Cause.NON_CONJUGATE_CHILD);
                    assertThat(v.trigger().operation()).isEqualTo(Operation.OBSERVE);
                    assertThat(v.trigger().otherName()).isNull();
                    assertThat(v.getMessage()).contains("(an observation)");
                });
    }
}
