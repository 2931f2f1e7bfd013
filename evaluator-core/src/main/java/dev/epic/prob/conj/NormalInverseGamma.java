package dev.epic.prob.conj;

import static dev.epic.prob.sym.Exprs.HALF;
import static dev.epic.prob.sym.Exprs.ONE;
import static dev.epic.prob.sym.Exprs.TWO;
import static dev.epic.prob.sym.Exprs.add;
import static dev.epic.prob.sym.Exprs.div;
import static dev.epic.prob.sym.Exprs.mul;

import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.SymDist;
import dev.epic.prob.sym.SymDist.Gamma;
import dev.epic.prob.sym.SymDist.Normal;

/**
 * Rule 7, Normal–inverse-gamma: N(μ0, k/τ) → N(parent, 1/τ) with τ a Gamma(a, b) variable, k a non-zero constant
 * scale and μ0 constant; λ = 1/k. Marginal StudentT(μ0, b(λ+1)/(aλ), 2a); posterior N((λμ0 + x)/(λ+1),
 * 1/((λ+1)τ)), and τ's Gamma becomes Gamma(a + ½, b + λ(x − μ0)²/(2(λ+1))), the standard update (SIREN.md §4.3).
 *
 * <p>Two deliberate departures from the published implementation, whose results are not the posterior: it updates
 * τ with b + (x − μ0)²/2 (its λ/(λ+1) factor reduces to 1), and it applies that update twice in one swap (once in
 * the marginal, once in the posterior). Here the marginal changes nothing and the posterior updates τ once. Its
 * scale test {@link #scale} also refuses {@code e·e} and {@code c / e}, which it accepts. Under SSI and DS rule 1 is
 * tried first and its conditions are weaker, so this rule fires only where rule 1 does not apply.
 */
final class NormalInverseGamma implements ConjugacyRule {
    @Override
    public int number() {
        return 7;
    }

    @Override
    public boolean applies(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
        if (!(prior instanceof Normal p && likelihood instanceof Normal l)) {
            return false;
        }
        int tau = precisionVariable(l);
        if (tau < 0 || !(ctx.distribution(tau) instanceof Gamma)) {
            return false;
        }
        Expr k = scale(p.var(), l.var());
        if (k == null) {
            return false;
        }
        Expr kv = Exprs.eval(k, ctx);
        return Exprs.isConst(kv) && Expr.numeric(kv) != 0
                && Exprs.isConst(p.mu()) && Exprs.isVar(l.mu(), parent)
                && !p.mu().mentions(child) && !p.var().mentions(child);
    }

    @Override
    public SymDist marginal(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
        Normal p = (Normal) prior;
        Normal l = (Normal) likelihood;
        Gamma g = (Gamma) ctx.distribution(precisionVariable(l));
        Expr lambda = div(ONE, scale(p.var(), l.var()));
        return new SymDist.StudentT(p.mu(), div(mul(g.b(), add(lambda, ONE)), mul(g.a(), lambda)), mul(TWO, g.a()));
    }

    @Override
    public SymDist posterior(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child, Expr x) {
        Normal p = (Normal) prior;
        Normal l = (Normal) likelihood;
        int tau = precisionVariable(l);
        Gamma g = (Gamma) ctx.distribution(tau);
        Expr lambda = div(ONE, scale(p.var(), l.var()));
        Expr lambda1 = add(lambda, ONE);
        Expr d = add(x, Exprs.num(-Expr.numeric(p.mu())));
        ctx.setDistribution(tau, new Gamma(add(g.a(), HALF), add(g.b(), div(mul(lambda, mul(d, d)), mul(TWO, lambda1)))));
        return new Normal(div(add(mul(lambda, p.mu()), x), lambda1), div(ONE, mul(lambda1, Exprs.rv(tau))));
    }

    /** τ's id if the variance is literally {@code 1 / τ}, else −1. */
    private static int precisionVariable(Normal likelihood) {
        if (likelihood.var() instanceof Expr.Div d && Exprs.isConst(d.left()) && Expr.numeric(d.left()) == 1
                && d.right() instanceof Expr.RandomVar v) {
            return v.id();
        }
        return -1;
    }

    /** k such that {@code expr = k · e}, or null. */
    static Expr scale(Expr expr, Expr e) {
        if (Exprs.same(expr, e)) {
            return ONE;
        }
        if (expr instanceof Expr.Add a) {
            Expr s1 = scale(a.left(), e);
            Expr s2 = s1 == null ? null : scale(a.right(), e);
            return s2 == null ? null : add(s1, s2);
        }
        if (expr instanceof Expr.Mul m) {
            Expr s1 = scale(m.left(), e);
            Expr s2 = scale(m.right(), e);
            if (s1 == null && s2 != null) {
                return mul(s2, m.left());
            }
            if (s1 != null && s2 == null) {
                return mul(s1, m.right());
            }
            return null;
        }
        if (expr instanceof Expr.Div q) {
            Expr s1 = scale(q.left(), e);
            return s1 != null && scale(q.right(), e) == null ? div(s1, q.right()) : null;
        }
        return null;
    }
}
