package dev.epic.prob.sym;

import dev.epic.prob.sym.Expr.Add;
import dev.epic.prob.sym.Expr.Div;
import dev.epic.prob.sym.Expr.Mul;
import dev.epic.prob.sym.Expr.RandomVar;

/**
 * {@code is_affine(e, rv)} (SIREN.md §4.1): decomposes {@code e = a·rv + b} through {@code +}, {@code ·} (at most one
 * factor depending on rv, judged by its coefficient evaluated to the constant 0) and {@code /} (divisor independent
 * of rv); {@code ite}, {@code =}, {@code <} are rejected. Coefficients are built with the smart constructors, so
 * {@code 2x + 3 → (2, 3)}, {@code x + x → (2, 0)}, {@code 2x + (4x + 5) → (6, 5)}.
 *
 * <p>A reusable holder: {@link #decompose} writes {@link #a} and {@link #b} instead of allocating a pair.
 */
public final class Affine {
    /** The coefficient of the random variable after a successful {@link #decompose}. */
    public Expr a;
    /** The offset after a successful {@link #decompose}. */
    public Expr b;

    /** True, with {@link #a} and {@link #b} set, if {@code e} is affine in random variable {@code rv}. */
    public boolean decompose(Expr e, int rv, Valuation values) {
        if (Exprs.isConst(e)) {
            a = Exprs.ZERO;
            b = e;
            return true;
        }
        if (e instanceof RandomVar v) {
            if (v.id() == rv) {
                a = Exprs.ONE;
                b = Exprs.ZERO;
            } else {
                a = Exprs.ZERO;
                b = e;
            }
            return true;
        }
        if (e instanceof Add add) {
            if (!decompose(add.left(), rv, values)) {
                return false;
            }
            Expr a1 = a;
            Expr b1 = b;
            if (!decompose(add.right(), rv, values)) {
                return false;
            }
            a = Exprs.add(a1, a);
            b = Exprs.add(b1, b);
            return true;
        }
        if (e instanceof Mul mul) {
            if (!decompose(mul.left(), rv, values)) {
                return false;
            }
            Expr a1 = Exprs.eval(a, values);
            Expr b1 = b;
            if (!decompose(mul.right(), rv, values)) {
                return false;
            }
            Expr a2 = Exprs.eval(a, values);
            Expr b2 = b;
            if (Exprs.isZero(a1) && Exprs.isZero(a2)) {
                a = Exprs.ZERO;
                b = Exprs.mul(b1, b2);
            } else if (Exprs.isZero(a2)) {
                a = Exprs.mul(a1, b2);
                b = Exprs.mul(b1, b2);
            } else if (Exprs.isZero(a1)) {
                a = Exprs.mul(b1, a2);
                b = Exprs.mul(b1, b2);
            } else {
                return false;
            }
            return true;
        }
        if (e instanceof Div div) {
            if (!decompose(div.left(), rv, values)) {
                return false;
            }
            Expr a1 = a;
            Expr b1 = b;
            if (!decompose(div.right(), rv, values)) {
                return false;
            }
            if (!Exprs.isZero(Exprs.eval(a, values))) {
                return false;
            }
            Expr b2 = b;
            a = Exprs.div(a1, b2);
            b = Exprs.div(b1, b2);
            return true;
        }
        return false;
    }
}
