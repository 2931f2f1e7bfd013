package dev.epic.prob.conj;

import static dev.epic.prob.sym.Exprs.ONE;
import static dev.epic.prob.sym.Exprs.MINUS_ONE;
import static dev.epic.prob.sym.Exprs.add;
import static dev.epic.prob.sym.Exprs.div;
import static dev.epic.prob.sym.Exprs.mul;

import dev.epic.prob.sym.Affine;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.SymDist;
import dev.epic.prob.sym.SymDist.Normal;

/**
 * Rule 1: N(μ0, σ0²) → N(a·parent + b, σ²), with μ0, σ0² not mentioning the child and σ² not mentioning the parent.
 * Marginal N(aμ0 + b, a²σ0² + σ²); posterior by the Kalman update, computed for z = a·parent + b and mapped back
 * (mean (μz − b)/a, variance σz²/a²), in the operation order of the published implementation so that the posterior
 * has the same shape (it must stay affine in the child for later swaps).
 */
final class AffineGaussian implements ConjugacyRule {
  @Override
  public int number() {
    return 1;
  }

  @Override
  public boolean applies(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
    return prior instanceof Normal p && likelihood instanceof Normal l
        && ctx.affine().decompose(l.mu(), parent, ctx)
        && !p.mu().mentions(child) && !p.var().mentions(child) && !l.var().mentions(parent);
  }

  @Override
  public SymDist marginal(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
    Normal p = (Normal) prior;
    Normal l = (Normal) likelihood;
    Affine f = decompose(ctx, l, parent);
    Expr a = f.a;
    Expr b = f.b;
    return new Normal(add(mul(a, p.mu()), b), add(mul(mul(a, a), p.var()), l.var()));
  }

  @Override
  public SymDist posterior(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child, Expr x) {
    Normal p = (Normal) prior;
    Normal l = (Normal) likelihood;
    Affine f = decompose(ctx, l, parent);
    Expr a = f.a;
    Expr b = f.b;
    Expr muZ = add(mul(a, p.mu()), b);
    Expr varZ = mul(mul(a, a), p.var());
    Expr varPost = div(ONE, add(div(ONE, varZ), div(ONE, l.var())));
    Expr muPost = mul(add(div(muZ, varZ), div(x, l.var())), varPost);
    return new Normal(div(add(muPost, mul(MINUS_ONE, b)), a), div(varPost, mul(a, a)));
  }

  private static Affine decompose(RuleContext ctx, Normal likelihood, int parent) {
    Affine f = ctx.affine();
    if (!f.decompose(likelihood.mu(), parent, ctx)) {
      throw new IllegalStateException("rule 1 applied to a non-affine mean " + likelihood.mu());
    }
    return f;
  }
}
