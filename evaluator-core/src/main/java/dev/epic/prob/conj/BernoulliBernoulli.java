package dev.epic.prob.conj;

import static dev.epic.prob.sym.Exprs.FALSE;
import static dev.epic.prob.sym.Exprs.MINUS_ONE;
import static dev.epic.prob.sym.Exprs.ONE;
import static dev.epic.prob.sym.Exprs.TRUE;
import static dev.epic.prob.sym.Exprs.add;
import static dev.epic.prob.sym.Exprs.div;
import static dev.epic.prob.sym.Exprs.ite;
import static dev.epic.prob.sym.Exprs.mul;
import static dev.epic.prob.sym.Exprs.substitute;

import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.SymDist;
import dev.epic.prob.sym.SymDist.Bernoulli;

/**
 * Rule 2: Bernoulli(p1) → Bernoulli(p2) where p2 mentions the parent and p1 does not mention the child. With
 * q1 = p2[parent:=true], q0 = p2[parent:=false]: marginal Bernoulli(m), m = p1·q1 + (1−p1)·q0; posterior
 * Bernoulli(ite(x, p1·q1/m, p1·(1−q1)/(1−m))).
 */
final class BernoulliBernoulli implements ConjugacyRule {
    @Override
    public int number() {
        return 2;
    }

    @Override
    public boolean applies(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
        return prior instanceof Bernoulli p && likelihood instanceof Bernoulli l
                && l.p().mentions(parent) && !p.p().mentions(child);
    }

    @Override
    public SymDist marginal(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
        return new Bernoulli(marginalP(ctx, (Bernoulli) prior, (Bernoulli) likelihood, parent));
    }

    @Override
    public SymDist posterior(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child, Expr x) {
        Expr p1 = ((Bernoulli) prior).p();
        Expr p2 = ((Bernoulli) likelihood).p();
        Expr m = marginalP(ctx, (Bernoulli) prior, (Bernoulli) likelihood, parent);
        Expr given = ite(x, p2, add(ONE, mul(MINUS_ONE, p2)));
        Expr numerator = mul(p1, substitute(given, parent, TRUE, ctx));
        Expr denominator = ite(x, m, add(ONE, mul(MINUS_ONE, m)));
        return new Bernoulli(div(numerator, denominator));
    }

    private static Expr marginalP(RuleContext ctx, Bernoulli prior, Bernoulli likelihood, int parent) {
        Expr p1 = prior.p();
        Expr q1 = substitute(likelihood.p(), parent, TRUE, ctx);
        Expr q0 = substitute(likelihood.p(), parent, FALSE, ctx);
        return add(mul(p1, q1), mul(add(ONE, mul(MINUS_ONE, p1)), q0));
    }
}
