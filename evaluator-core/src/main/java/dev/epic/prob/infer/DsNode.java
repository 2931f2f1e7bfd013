package dev.epic.prob.infer;

import dev.epic.prob.sym.SymDist;

/**
 * A delayed-sampling node (SIREN.md §4.5): initialised (conditional on its canonical parent), marginalised
 * (possibly keeping the edge to its parent and the conditional used to condition the parent when it is realised)
 * or realised.
 */
sealed interface DsNode permits DsNode.Initialized, DsNode.Marginalized, DsNode.Realized {
    DsNode.Marginalized ROOT = new Marginalized(-1, null);
    DsNode.Realized REALIZED = new Realized();

    /** Conditional on {@code parent} through {@code conditional}, the variable's distribution at assume. */
    record Initialized(int parent, SymDist conditional) implements DsNode {}

    /** Marginalised; {@code parent} is −1 (and {@code conditional} null) for a node without an edge. */
    record Marginalized(int parent, SymDist conditional) implements DsNode {}

    record Realized() implements DsNode {}
}
