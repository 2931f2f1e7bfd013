package dev.epic.prob.sym;

/**
 * Symbolic expressions over numbers and booleans (SIREN.md §4.1): constants, random variables (by id, relative to
 * one particle's symbolic state) and the operators {@code + * / if = <}. Immutable; build them with the smart
 * constructors of {@link Exprs}, which apply exactly the specified rewrites (the conjugacy rules test expression
 * shape). Tuples and lists are not expressions: they stay values of the language.
 *
 * <p>Numbers and booleans mix as in the published implementation: wherever arithmetic meets a boolean constant it
 * counts as 1 or 0 ({@link #numeric}), and {@code Eq} compares in that view ({@code true = 1}).
 */
public sealed interface Expr extends dev.epic.lang.value.Value.Opaque
        permits Expr.Const, Expr.BoolConst, Expr.RandomVar, Expr.Add, Expr.Mul, Expr.Div, Expr.Ite, Expr.Eq, Expr.Lt {

    /** As a value of the language: a random expression (constants leave the layer as plain numbers and booleans). */
    @Override
    default String kindName() {
        return "a random value";
    }

    /**
     * True if random variable {@code id} occurs in this expression (syntactically, not through distributions); each
     * shared node is looked at once.
     */
    default boolean mentions(int id) {
        return Exprs.mentions(this, id);
    }

    /**
     * Appends the ids of the random variables of this expression, left to right, duplicates included (so as long as
     * the expression is as a tree: {@link Exprs#distinctRvs} is the walk for DAGs).
     */
    default void collectRvs(IntList out) {
        Exprs.collectRvs(this, out);
    }

    /** True for {@link Const} and {@link BoolConst}. */
    default boolean isConstant() {
        return false;
    }

    /** The numeric view of a constant: a number, or 1/0 for true/false. */
    static double numeric(Expr constant) {
        if (constant instanceof Const c) {
            return c.value();
        }
        if (constant instanceof BoolConst b) {
            return b.value() ? 1 : 0;
        }
        throw new IllegalStateException("not a constant: " + constant);
    }

    /** The truth of a constant condition: a boolean, or a number other than 0. */
    static boolean truth(Expr constant) {
        if (constant instanceof BoolConst b) {
            return b.value();
        }
        return numeric(constant) != 0;
    }

    /** A number. */
    record Const(double value) implements Expr {
        @Override
        public boolean mentions(int id) {
            return false;
        }

        @Override
        public void collectRvs(IntList out) {}

        @Override
        public boolean isConstant() {
            return true;
        }

        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    /** A boolean; use {@link Exprs#TRUE} and {@link Exprs#FALSE}. */
    record BoolConst(boolean value) implements Expr {
        @Override
        public boolean mentions(int id) {
            return false;
        }

        @Override
        public void collectRvs(IntList out) {}

        @Override
        public boolean isConstant() {
            return true;
        }

        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** A random variable of the particle's symbolic state. */
    record RandomVar(int id) implements Expr {
        @Override
        public boolean mentions(int id) {
            return this.id == id;
        }

        @Override
        public void collectRvs(IntList out) {
            out.add(id);
        }

        @Override
        public String toString() {
            return "rv" + id;
        }
    }

    record Add(Expr left, Expr right) implements Expr {
        @Override
        public String toString() {
            return "(" + left + " + " + right + ")";
        }
    }

    record Mul(Expr left, Expr right) implements Expr {
        @Override
        public String toString() {
            return "(" + left + " * " + right + ")";
        }
    }

    record Div(Expr left, Expr right) implements Expr {
        @Override
        public String toString() {
            return "(" + left + " / " + right + ")";
        }
    }

    /** {@code if cond then then else otherwise}, kept symbolic when the condition depends on random variables. */
    record Ite(Expr cond, Expr then, Expr otherwise) implements Expr {
        @Override
        public String toString() {
            return "ite(" + cond + ", " + then + ", " + otherwise + ")";
        }
    }

    record Eq(Expr left, Expr right) implements Expr {
        @Override
        public String toString() {
            return "(" + left + " = " + right + ")";
        }
    }

    record Lt(Expr left, Expr right) implements Expr {
        @Override
        public String toString() {
            return "(" + left + " < " + right + ")";
        }
    }
}
