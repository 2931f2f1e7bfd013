package dev.epic.prob.conj;

import dev.epic.prob.sym.SymDist;

/** The result of a swap, written by {@link ConjugacyRule#swap} into a holder reused to avoid allocating pairs. */
public final class Swap {
    /** The child's marginal. */
    public SymDist marginal;
    /** The parent's posterior. */
    public SymDist posterior;
}
