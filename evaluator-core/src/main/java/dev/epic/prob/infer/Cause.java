package dev.epic.prob.infer;

/** Why a random variable is sampled (SIREN.md §4.4–4.6): the trigger kinds reported by {@link PlanViolation}. */
public enum Cause {
    /** {@code let sample x <- d}: x is drawn as soon as it is created. */
    SAMPLE_ANNOTATION("it is annotated sample"),
    /** The variable occurs in the value argument of {@code observe}, which must be a constant. */
    OBSERVED_VALUE("it occurs in the value of an observe"),
    /** The variable occurs in the condition of an {@code if} whose branches are not pure. */
    IMPURE_IF_CONDITION("it occurs in the condition of an if whose branches observe or resample"),
    /** The caller needed a constant for another reason (a built-in that takes constants, say). */
    EXPLICIT_VALUE("its value was needed as a constant"),
    /** It is a parent of a variable being made a root (hoisted, marginalised) with no conjugacy rule between them. */
    NON_CONJUGATE_CHILD("no conjugacy rule relates it to its child"),
    /** DS, BP: the child's distribution mentions it, but another parent was chosen as the child's single parent. */
    EXTRA_PARENT("its child already has another canonical parent"),
    /** DS: a marginalised child of a node being grafted is pruned (at most one marginalised child per node). */
    PRUNED_SIBLING("delayed sampling prunes a marginalised sibling of a grafted variable");

    private final String description;

    Cause(String description) {
        this.description = description;
    }

    /** A phrase saying why, for messages. */
    public String description() {
        return description;
    }
}
