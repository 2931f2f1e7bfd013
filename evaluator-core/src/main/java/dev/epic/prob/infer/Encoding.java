package dev.epic.prob.infer;

/** How a program variable was represented at run time (SIREN.md §1, §5.1); the join of two differing ones is dynamic. */
public enum Encoding {
    SYMBOLIC,
    SAMPLE,
    DYNAMIC;

    public Encoding join(Encoding other) {
        return this == other ? this : DYNAMIC;
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
