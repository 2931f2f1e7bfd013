package dev.epic.prob.conj;

import static dev.epic.prob.sym.Exprs.MINUS_ONE;
import static dev.epic.prob.sym.Exprs.add;
import static dev.epic.prob.sym.Exprs.mul;

import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.SymDist;
import dev.epic.prob.sym.SymDist.Beta;
import dev.epic.prob.sym.SymDist.Binomial;

/**
 * Rule 4: Beta(a, b) → Binomial(n, parent) with n and a constant (the published implementation checks a, not b).
 * Marginal BetaBinomial(n, a, b); posterior Beta(a + x, b + n − x).
 */
final class BetaBinomial implements ConjugacyRule {
    @Override
    public int number() {
        return 4;
    }

    @Override
    public boolean applies(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
        return prior instanceof Beta p && likelihood instanceof Binomial l
                && Exprs.isConst(l.n()) && Exprs.isConst(p.a()) && Exprs.isVar(l.p(), parent)
                && !p.a().mentions(child) && !p.b().mentions(child);
    }

    @Override
    public SymDist marginal(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
        Beta p = (Beta) prior;
        return new SymDist.BetaBinomial(((Binomial) likelihood).n(), p.a(), p.b());
    }

    @Override
    public SymDist posterior(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child, Expr x) {
        Beta p = (Beta) prior;
        Expr n = Exprs.num(Expr.numeric(((Binomial) likelihood).n()));
        return new Beta(add(p.a(), x), add(p.b(), add(n, mul(MINUS_ONE, x))));
    }
}
