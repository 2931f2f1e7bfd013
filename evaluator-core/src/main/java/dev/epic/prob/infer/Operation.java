package dev.epic.prob.infer;

/** The hybrid-inference operation that was running when a variable was sampled. */
public enum Operation {
    ASSUME("assume"),
    OBSERVE("observe"),
    VALUE("value"),
    MARGINALIZE("marginalize"),
    MEAN("the final mean");

    private final String description;

    Operation(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
