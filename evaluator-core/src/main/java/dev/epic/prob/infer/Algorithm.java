package dev.epic.prob.infer;

/** The hybrid inference algorithms (SIREN.md §4.4–4.6). */
public enum Algorithm {
    /** Semi-symbolic inference. */
    SSI,
    /** Delayed sampling. */
    DS,
    /** Belief propagation (affine Gaussian conjugacy only). */
    BP
}
