package dev.epic.prob.conj;

import static dev.epic.prob.sym.Exprs.HALF;
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
 * Rule 6, unknown precision: Gamma(a, b) → N(μ, 1/parent) with μ constant and the variance literally
 * {@code 1 / parent}. Marginal StudentT(μ, b/a, 2a); posterior Gamma(a + ½, b + ½(x − μ)²).
 */
final class GammaNormalPrecision implements ConjugacyRule {
    @Override
    public int number() {
        return 6;
    }

    @Override
    public boolean applies(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
        return prior instanceof Gamma p && likelihood instanceof Normal l
                && Exprs.isConst(l.mu()) && isInverse(l.var(), parent)
                && !p.a().mentions(child) && !p.b().mentions(child);
    }

    /** True if {@code e} is literally {@code 1 / rv}. */
    static boolean isInverse(Expr e, int rv) {
        return e instanceof Expr.Div d && Exprs.isConst(d.left()) && Expr.numeric(d.left()) == 1
                && Exprs.isVar(d.right(), rv);
    }

    @Override
    public SymDist marginal(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
        Gamma p = (Gamma) prior;
        return new SymDist.StudentT(((Normal) likelihood).mu(), div(p.b(), p.a()), mul(TWO, p.a()));
    }

    @Override
    public SymDist posterior(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child, Expr x) {
        Gamma p = (Gamma) prior;
        Expr d = add(x, Exprs.num(-Expr.numeric(((Normal) likelihood).mu())));
        return new Gamma(add(p.a(), HALF), add(p.b(), mul(HALF, mul(d, d))));
    }
}
