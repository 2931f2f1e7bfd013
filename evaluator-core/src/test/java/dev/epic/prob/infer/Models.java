package dev.epic.prob.infer;

import static dev.epic.prob.sym.Exprs.div;
import static dev.epic.prob.sym.Exprs.ite;
import static dev.epic.prob.sym.Exprs.mul;
import static dev.epic.prob.sym.Exprs.num;

import dev.epic.prob.rand.RandomStream;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.SymDist;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Small Siren programs written out as the calls a language adapter makes (assume, observe, impure-if conditions,
 * final means), for checking runtime plans and triggers. Each runs on independent particles (their plans do not
 * depend on resampling) and the final mean is taken component by component across particles, as the published
 * implementation does.
 */
final class Models {
    private Models() {}

    static Decl decl(String name, Annotation a) {
        return new Decl(name, a, name + "-decl");
    }

    static Decl decl(String name) {
        return decl(name, Annotation.NONE);
    }

    /** Runs {@code model} on {@code n} particles and joins their plans; the model ends with its final means. */
    static RuntimePlan plan(Algorithm algorithm, int n, long seed, Consumer<SymbolicState> model) {
        RuntimePlan plan = RuntimePlan.empty();
        for (int i = 0; i < n; i++) {
            SymbolicState s = SymbolicState.create(algorithm, new RandomStream(seed, 0, i));
            model.accept(s);
            plan = plan.join(s.plan());
        }
        return plan;
    }

    /** Outlier-robust tracking: p ~ Beta(2, 20); xt a random walk; isout ~ Bernoulli(p) choosing the noise. */
    static void outlier(SymbolicState s) {
        Decl xt = decl("xt");
        Decl isout = decl("isout");
        Expr p = s.assume(decl("p"), SymDist.beta(num(2), num(20)));
        List<Expr> xs = new ArrayList<>();
        Expr prev = null;
        for (double y : new double[] {1, 2, 8, 3, 2.5}) {
            Expr x = s.assume(xt, SymDist.gaussian(prev == null ? num(0) : prev, num(prev == null ? 100 : 1)));
            Expr o = s.assume(isout, SymDist.bernoulli(p));
            s.observe(SymDist.gaussian(ite(o, num(0), x), ite(o, num(1000), num(1))), num(y), "observe-y");
            xs.add(x);
            prev = x;
        }
        s.mean(p, "result");
        for (int i = xs.size() - 1; i >= 0; i--) {
            s.mean(xs.get(i), "result");
        }
    }

    /** invq, invr ~ Gamma(1, 1); x_t ~ N(1.001·x_{t−1}, 1/invq); z ~ N(2·x_t, 1/invr). */
    static void noise(SymbolicState s) {
        Expr invq = s.assume(decl("invq"), SymDist.gamma(num(1), num(1)));
        Expr invr = s.assume(decl("invr"), SymDist.gamma(num(1), num(1)));
        Decl x = decl("x");
        Expr prev = num(0);
        List<Expr> xs = new ArrayList<>();
        for (double z : new double[] {0.5, 1.2, 2.3, 3.9}) {
            Expr xt = s.assume(x, SymDist.gaussian(mul(num(1.001), prev), div(num(1), invq)));
            s.observe(SymDist.gaussian(mul(num(2), xt), div(num(1), invr)), num(z), "observe-z");
            xs.add(0, xt);
            prev = xt;
        }
        s.mean(div(num(1), invq), "result");
        s.mean(div(num(1), invr), "result");
        for (Expr e : xs) {
            s.mean(e, "result");
        }
    }

    /** a ~ N(0, 50); per step b ~ N(a, 10), observe N(b, 4) and N(a, 4). */
    static void tree(SymbolicState s) {
        Expr a = s.assume(decl("a"), SymDist.gaussian(num(0), num(50)));
        Decl b = decl("b");
        List<Expr> bs = new ArrayList<>();
        double[][] data = {{1, 2}, {3, 1}, {2, 2.5}};
        for (double[] d : data) {
            Expr bt = s.assume(b, SymDist.gaussian(a, num(10)));
            s.observe(SymDist.gaussian(bt, num(4)), num(d[1]), "observe-b");
            s.observe(SymDist.gaussian(a, num(4)), num(d[0]), "observe-a");
            bs.add(0, bt);
        }
        s.mean(a, "result");
        for (Expr e : bs) {
            s.mean(e, "result");
        }
    }

    /** An impure if on env samples it; w depends on x. */
    static void env(SymbolicState s) {
        Expr x = s.assume(decl("x"), SymDist.gaussian(num(0), num(10)));
        Expr env = s.assume(decl("env"), SymDist.bernoulli(num(0.2)));
        boolean taken = Expr.truth(s.valueExpr(env, Cause.IMPURE_IF_CONDITION, "if-env"));
        s.observe(SymDist.gaussian(x, num(taken ? 10 : 1)), num(1.5), taken ? "observe-then" : "observe-else");
        Expr w = s.assume(decl("w"), SymDist.gaussian(x, num(1)));
        s.observe(SymDist.gaussian(w, num(1)), num(0.7), "observe-w");
        s.mean(x, "result");
        s.mean(w, "result");
    }

    /** A Gamma variance (not precision) is no rule's parent; a Bernoulli chain is. */
    static void gammaVariance(SymbolicState s) {
        Expr sv = s.assume(decl("s"), SymDist.gamma(num(2), num(1)));
        Expr m = s.assume(decl("m"), SymDist.gaussian(num(0), sv));
        s.observe(SymDist.gaussian(m, num(1)), num(0.4), "observe-m");
        Expr c = s.assume(decl("c"), SymDist.bernoulli(num(0.5)));
        Expr d = s.assume(decl("d"), SymDist.bernoulli(ite(c, num(0.9), num(0.1))));
        s.observe(SymDist.bernoulli(d), Exprs.TRUE, "observe-d");
        s.mean(m, "result");
        s.mean(sv, "result");
        s.mean(c, "result");
    }

    /** Beta(1, 1) with eight true Bernoulli observations. */
    static void coin(SymbolicState s) {
        Expr p = s.assume(decl("p"), SymDist.beta(num(1), num(1)));
        for (int i = 0; i < 8; i++) {
            s.observe(SymDist.bernoulli(p), Exprs.TRUE, "observe-" + i);
        }
        s.mean(p, "result");
    }

    private static final double[] SERIES = {5.2, 9.7, 15.3, 19.8, 25.1, 30.4};

    /**
     * Radar (SIREN.md §7.2): x_t ~ N(x_{t−1} + 5, 1/invq); env ~ Bernoulli(0.0001); other ~ Gamma(1, 1);
     * obs ~ N(x_t, env ? 1/invr + 1/other : 1/invr) through a pure if.
     */
    static void radar(SymbolicState s) {
        Expr invq = s.assume(decl("invq"), SymDist.gamma(num(1), num(1)));
        Expr invr = s.assume(decl("invr"), SymDist.gamma(num(1), num(1)));
        Expr prev = num(0);
        List<Expr> xs = new ArrayList<>();
        for (double y : SERIES) {
            Expr x = s.assume(decl("x"), SymDist.gaussian(Exprs.add(prev, num(5)), div(num(1), invq)));
            Expr env = s.assume(decl("env"), SymDist.bernoulli(num(0.0001)));
            Expr other = s.assume(decl("other"), SymDist.gamma(num(1), num(1)));
            Expr var = ite(env, Exprs.add(div(num(1), invr), div(num(1), other)), div(num(1), invr));
            s.observe(SymDist.gaussian(x, var), num(y), "observe");
            xs.add(0, x);
            prev = x;
        }
        for (Expr x : xs) {
            s.mean(x, "result");
        }
        s.mean(div(num(1), invq), "result");
        s.mean(div(num(1), invr), "result");
    }

    /**
     * Aircraft (SIREN.md §7.2): q = 1/invq, r = 1/invr; x and alt random walks with variance q; other ~ Gamma(1, 10);
     * v = (alt < 5) ? r + 1/other : r through a pure if; x and alt observed with variance v.
     */
    static void aircraft(SymbolicState s) {
        Expr invq = s.assume(decl("invq"), SymDist.gamma(num(1), num(1)));
        Expr invr = s.assume(decl("invr"), SymDist.gamma(num(1), num(1)));
        Expr q = div(num(1), invq);
        Expr r = div(num(1), invr);
        Expr px = num(0);
        Expr palt = num(0);
        List<Expr> out = new ArrayList<>();
        for (double y : SERIES) {
            Expr x = s.assume(decl("x"), SymDist.gaussian(px, q));
            Expr alt = s.assume(decl("alt"), SymDist.gaussian(palt, q));
            Expr other = s.assume(decl("other"), SymDist.gamma(num(1), num(10)));
            Expr v = ite(Exprs.lt(alt, num(5)), Exprs.add(r, div(num(1), other)), r);
            s.observe(SymDist.gaussian(x, v), num(y), "observe-x");
            s.observe(SymDist.gaussian(alt, v), num(10 - y / 10), "observe-alt");
            out.add(x);
            out.add(alt);
            px = x;
            palt = alt;
        }
        for (Expr e : out) {
            s.mean(e, "result");
        }
        s.mean(q, "result");
        s.mean(r, "result");
    }

    /** gtree (SIREN.md §7.2): a ~ N(0, 100); per step b ~ N(a, 10), obs_b ~ N(b, 1000), obs_a ~ N(a, 1000). */
    static void gtree(SymbolicState s) {
        Expr a = s.assume(decl("a"), SymDist.gaussian(num(0), num(100)));
        List<Expr> bs = new ArrayList<>();
        for (double y : SERIES) {
            Expr b = s.assume(decl("b"), SymDist.gaussian(a, num(10)));
            s.observe(SymDist.gaussian(b, num(1000)), num(y), "observe-b");
            s.observe(SymDist.gaussian(a, num(1000)), num(y / 2), "observe-a");
            bs.add(0, b);
        }
        s.mean(a, "result");
        for (Expr b : bs) {
            s.mean(b, "result");
        }
    }

    /**
     * Wheels (SIREN.md §7.2): omega and velocity random walks (variance 2500 at the first step, then 1);
     * left ~ N(v − 2ω, 1.0), right ~ N(v + 2ω, 0.95); the result is both trajectories, oldest first.
     */
    static void wheels(SymbolicState s) {
        Expr omega = null;
        Expr velocity = null;
        List<Expr> vs = new ArrayList<>();
        List<Expr> os = new ArrayList<>();
        for (double y : SERIES) {
            omega = s.assume(decl("omega"), SymDist.gaussian(omega == null ? num(0) : omega, num(omega == null ? 2500 : 1)));
            velocity = s.assume(decl("velocity"),
                    SymDist.gaussian(velocity == null ? num(0) : velocity, num(velocity == null ? 2500 : 1)));
            s.observe(SymDist.gaussian(Exprs.sub(velocity, mul(num(2), omega)), num(1.0)), num(y), "observe-left");
            s.observe(SymDist.gaussian(Exprs.add(velocity, mul(num(2), omega)), num(0.95)), num(y + 1), "observe-right");
            vs.add(velocity);
            os.add(omega);
        }
        for (Expr v : vs) {
            s.mean(v, "result");
        }
        for (Expr o : os) {
            s.mean(o, "result");
        }
    }
}
