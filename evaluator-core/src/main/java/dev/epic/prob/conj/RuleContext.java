package dev.epic.prob.conj;

import dev.epic.prob.sym.Affine;
import dev.epic.prob.sym.SymDist;
import dev.epic.prob.sym.Valuation;

/** What a conjugacy rule may see and change of the symbolic state it works on. */
public interface RuleContext extends Valuation {
    /** The current distribution of random variable {@code id}. */
    SymDist distribution(int id);

    /** Replaces the distribution of a third variable (the Normal–inverse-gamma rule updates its Gamma precision). */
    void setDistribution(int id, SymDist d);

    /** A scratch holder for affine decompositions, reused to avoid allocating a pair per check. */
    Affine affine();
}
