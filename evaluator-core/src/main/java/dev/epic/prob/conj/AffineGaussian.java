package dev.epic.prob.conj;

import static dev.epic.prob.sym.Exprs.ONE;
import static dev.epic.prob.sym.Exprs.MINUS_ONE;
import static dev.epic.prob.sym.Exprs.add;
import static dev.epic.prob.sym.Exprs.div;
import static dev.epic.prob.sym.Exprs.mul;

import dev.epic.prob.sym.Affine;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Expr.Const;
import dev.epic.prob.sym.Exprs;
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
    public boolean swap(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child, Expr x,
            Swap out) {
        if (!applies(ctx, prior, likelihood, parent, child)) {
            return false;
        }
        Affine f = ctx.affine();
        Expr a = f.a;
        Expr b = f.b;
        out.marginal = marginal((Normal) prior, (Normal) likelihood, a, b);
        out.posterior = posterior((Normal) prior, (Normal) likelihood, a, b, x);
        return true;
    }

    @Override
    public SymDist marginal(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
        Affine f = decompose(ctx, (Normal) likelihood, parent);
        return marginal((Normal) prior, (Normal) likelihood, f.a, f.b);
    }

    @Override
    public SymDist posterior(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child, Expr x) {
        Affine f = decompose(ctx, (Normal) likelihood, parent);
        return posterior((Normal) prior, (Normal) likelihood, f.a, f.b, x);
    }

    private static SymDist marginal(Normal p, Normal l, Expr a, Expr b) {
        if (a instanceof Const ca && b instanceof Const cb && p.mu() instanceof Const mu0
                && p.var() instanceof Const var0 && l.var() instanceof Const var) {
            double av = ca.value();
            return new Normal(Exprs.num(av * mu0.value() + cb.value()), Exprs.num(av * av * var0.value() + var.value()));
        }
        return new Normal(add(mul(a, p.mu()), b), add(mul(mul(a, a), p.var()), l.var()));
    }

    private static SymDist posterior(Normal p, Normal l, Expr a, Expr b, Expr x) {
        if (a instanceof Const ca && b instanceof Const cb && p.mu() instanceof Const mu0
                && p.var() instanceof Const var0 && l.var() instanceof Const var) {
            SymDist fast = constantPosterior(ca.value(), cb.value(), mu0.value(), var0.value(), var.value(), x);
            if (fast != null) {
                return fast;
            }
        }
        Expr muZ = add(mul(a, p.mu()), b);
        Expr varZ = mul(mul(a, a), p.var());
        Expr varPost = div(ONE, add(div(ONE, varZ), div(ONE, l.var())));
        Expr muPost = mul(add(div(muZ, varZ), div(x, l.var())), varPost);
        return new Normal(div(add(muPost, mul(MINUS_ONE, b)), a), div(varPost, mul(a, a)));
    }

    /**
     * The posterior when every parameter is a number: the same arithmetic, in the same order, and for a symbolic x the
     * same expression shape as the general path through the smart constructors, without their intermediate constants.
     * Null for the degenerate cases (a zero posterior variance) left to the general path.
     */
    private static SymDist constantPosterior(double a, double b, double mu0, double var0, double var, Expr x) {
        double muZ = a * mu0 + b;
        double varZ = a * a * var0;
        double varPost = 1 / (1 / varZ + 1 / var);
        if (varPost == 0 || a == 0) {
            return null;
        }
        double var1 = varPost / (a * a);
        if (x instanceof Const cx) {
            double t2 = var == 1 ? cx.value() : cx.value() / var;
            double muPost = (muZ / varZ + t2) * varPost;
            double r = muPost + -1 * b;
            return new Normal(Exprs.num(a == 1 ? r : r / a), Exprs.num(var1));
        }
        if (!(x instanceof Expr.RandomVar)) {
            return null;
        }
        double t1 = muZ / varZ;
        Expr t2 = var == 1 ? x : new Expr.Div(x, Exprs.num(var));
        Expr sum = t1 == 0 ? t2 : new Expr.Add(Exprs.num(t1), t2);
        Expr r = new Expr.Mul(sum, Exprs.num(varPost));
        if (b != 0) {
            r = new Expr.Add(r, Exprs.num(-1 * b));
        }
        return new Normal(a == 1 ? r : new Expr.Div(r, Exprs.num(a)), Exprs.num(var1));
    }

    private static Affine decompose(RuleContext ctx, Normal likelihood, int parent) {
        Affine f = ctx.affine();
        if (!f.decompose(likelihood.mu(), parent, ctx)) {
            throw new IllegalStateException("rule 1 applied to a non-affine mean " + likelihood.mu());
        }
        return f;
    }
}
