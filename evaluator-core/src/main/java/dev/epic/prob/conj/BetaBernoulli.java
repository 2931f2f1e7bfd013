package dev.epic.prob.conj;

import static dev.epic.prob.sym.Exprs.ONE;
import static dev.epic.prob.sym.Exprs.ZERO;
import static dev.epic.prob.sym.Exprs.add;
import static dev.epic.prob.sym.Exprs.div;
import static dev.epic.prob.sym.Exprs.ite;

import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.SymDist;
import dev.epic.prob.sym.SymDist.Bernoulli;
import dev.epic.prob.sym.SymDist.Beta;

/** Rule 3: Beta(a, b) → Bernoulli(parent). Marginal Bernoulli(a/(a+b)); posterior Beta(a + [x], b + [¬x]). */
final class BetaBernoulli implements ConjugacyRule {
    @Override
    public int number() {
        return 3;
    }

    @Override
    public boolean applies(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
        return prior instanceof Beta p && likelihood instanceof Bernoulli l
                && Exprs.isVar(l.p(), parent) && !p.a().mentions(child) && !p.b().mentions(child);
    }

    @Override
    public SymDist marginal(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
        Beta p = (Beta) prior;
        return new Bernoulli(div(p.a(), add(p.a(), p.b())));
    }

    @Override
    public SymDist posterior(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child, Expr x) {
        Beta p = (Beta) prior;
        return new Beta(add(p.a(), ite(x, ONE, ZERO)), add(p.b(), ite(x, ZERO, ONE)));
    }
}
