package dev.epic.prob.sym;

/** Where {@link Exprs#eval} finds the values of realised random variables. */
@FunctionalInterface
public interface Valuation {
    /** No random variable is realised. */
    Valuation NONE = id -> null;

    /** The value expression of realised random variable {@code id} (its {@code Delta}), or null if not realised. */
    Expr realized(int id);
}
