package dev.epic.prob.infer;

/**
 * A {@code symbolic} variable would be sampled (SIREN.md §5.2): the run must stop. Carries the program variable's
 * name and declaration site, and the {@link Trigger} that forced it; the message starts with the published wording
 * {@code <var> is annotated as symbolic but will be sampled}.
 */
public final class PlanViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String variable;
    private final transient Object declarationSite;
    private final transient Trigger trigger;

    public PlanViolation(String variable, Object declarationSite, Trigger trigger) {
        super(variable + " is annotated as symbolic but will be sampled: " + trigger.describe());
        this.variable = variable;
        this.declarationSite = declarationSite;
        this.trigger = trigger;
    }

    public String variable() {
        return variable;
    }

    public Object declarationSite() {
        return declarationSite;
    }

    public Trigger trigger() {
        return trigger;
    }
}
