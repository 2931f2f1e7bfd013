package dev.epic.prob.infer;

/**
 * What forced a variable to be sampled, and where: the {@link Cause}, the {@link Operation} that was running, the
 * caller's opaque site of that operation (the {@code observe}, the {@code if}, the final mean, the declaration of a
 * {@code sample} variable), and for causes that involve another variable (a non-conjugate child, a child with
 * another canonical parent, a grafted variable) that variable's name and declaration site, or a null name for an
 * anonymous observation.
 */
public record Trigger(Cause cause, Operation operation, Object site, String otherName, Object otherSite) {
    /** A one-line explanation, e.g. "no conjugacy rule relates it to its child y (during observe at 3:5)". */
    public String describe() {
        StringBuilder b = new StringBuilder(cause.description());
        if (cause == Cause.NON_CONJUGATE_CHILD || cause == Cause.EXTRA_PARENT || cause == Cause.PRUNED_SIBLING) {
            b.append(otherName == null ? " (an observation)" : " " + otherName + declaredAt());
        }
        b.append(" (during ").append(operation.description());
        if (site != null) {
            b.append(" at ").append(site);
        }
        return b.append(')').toString();
    }

    private String declaredAt() {
        return otherSite == null ? "" : " declared at " + otherSite;
    }
}
