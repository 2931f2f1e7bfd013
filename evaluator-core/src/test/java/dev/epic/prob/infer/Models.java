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
}
