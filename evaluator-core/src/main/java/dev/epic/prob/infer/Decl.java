package dev.epic.prob.infer;

import java.util.Objects;

/**
 * The declaration {@code let [annotation] name <- d}: every random variable created there shares it (each fold
 * iteration, each call). {@code site} is the caller's opaque position of the declaration; it comes back in
 * {@link PlanViolation}s. Create one per declaration site, not per random variable.
 */
public record Decl(String name, Annotation annotation, Object site) {
    public Decl {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(annotation, "annotation");
    }
}
