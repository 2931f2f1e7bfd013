package dev.epic.prob.conj;

import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.SymDist;

/**
 * One conjugacy rule of SIREN.md §4.3: a parent (prior) and a child (likelihood, conditional on the parent) give the
 * child's marginal and the parent's posterior, both symbolic. {@link #marginal} and {@link #posterior} may be called
 * only when {@link #applies} holds for the same arguments and state.
 */
public interface ConjugacyRule {
    /** The rule's number in SIREN.md §4.3 (1–7). */
    int number();

    boolean applies(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child);

    /** The child's distribution with the parent integrated out. */
    SymDist marginal(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child);

    /**
     * The parent's distribution given the child's value {@code x}: the child's random variable itself (its posterior
     * then mentions the child, as after an SSI swap) or an observed constant.
     */
    SymDist posterior(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child, Expr x);

    /**
     * If the rule applies, writes the child's marginal and the parent's posterior given {@code x} into {@code out}
     * and returns true: {@link #applies}, {@link #marginal} and {@link #posterior} in one call, which a rule may
     * share work between.
     */
    default boolean swap(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child, Expr x,
            Swap out) {
        if (!applies(ctx, prior, likelihood, parent, child)) {
            return false;
        }
        out.marginal = marginal(ctx, prior, likelihood, parent, child);
        out.posterior = posterior(ctx, prior, likelihood, parent, child, x);
        return true;
    }
}
