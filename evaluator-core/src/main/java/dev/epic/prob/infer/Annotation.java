package dev.epic.prob.infer;

/** The annotation of {@code let x <- d}: {@code symbolic x}, {@code sample x}, or none. */
public enum Annotation {
    SYMBOLIC,
    SAMPLE,
    NONE
}
