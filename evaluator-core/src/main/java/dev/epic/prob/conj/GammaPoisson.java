package dev.epic.prob.conj;

import static dev.epic.prob.sym.Exprs.ONE;
import static dev.epic.prob.sym.Exprs.add;
import static dev.epic.prob.sym.Exprs.div;

import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.SymDist;
import dev.epic.prob.sym.SymDist.Gamma;
import dev.epic.prob.sym.SymDist.Poisson;

/**
 * Rule 5: Gamma(a, b) → Poisson(parent) with a a constant integer (within numpy's isclose, as published).
 * Marginal NegativeBinomial(a, b/(1+b)); posterior Gamma(a + x, b + 1).
 */
final class GammaPoisson implements ConjugacyRule {
    @Override
    public int number() {
        return 5;
    }

    @Override
    public boolean applies(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
        if (!(prior instanceof Gamma p && likelihood instanceof Poisson l && Exprs.isConst(p.a()))) {
            return false;
        }
        double a = Expr.numeric(p.a());
        return Math.abs(Math.rint(a) - a) <= 1e-8 + 1e-5 * Math.abs(a)
                && Exprs.isVar(l.l(), parent) && !p.b().mentions(child);
    }

    @Override
    public SymDist marginal(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
        Gamma p = (Gamma) prior;
        return new SymDist.NegativeBinomial(p.a(), div(p.b(), add(ONE, p.b())));
    }

    @Override
    public SymDist posterior(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child, Expr x) {
        Gamma p = (Gamma) prior;
        return new Gamma(add(p.a(), x), add(p.b(), ONE));
    }
}
