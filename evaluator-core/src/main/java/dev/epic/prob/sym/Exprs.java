package dev.epic.prob.sym;

import dev.epic.prob.sym.Expr.Add;
import dev.epic.prob.sym.Expr.BoolConst;
import dev.epic.prob.sym.Expr.Const;
import dev.epic.prob.sym.Expr.Div;
import dev.epic.prob.sym.Expr.Eq;
import dev.epic.prob.sym.Expr.Ite;
import dev.epic.prob.sym.Expr.Lt;
import dev.epic.prob.sym.Expr.Mul;
import dev.epic.prob.sym.Expr.RandomVar;

/**
 * Smart constructors and evaluation of {@link Expr}.
 *
 * <p>The constructors compute constant operands and re-associate lightly, with exactly these rewrites, tried in
 * this order (they decide which conjugacy rules fire, SIREN.md §4.1):
 * <pre>
 * add: c1 + c2 → c; c1 + (c2 + e) → (c1+c2) + e; c1 + (e + c3) → (c1+c3) + e; (c1 + e2) + e3 → c1 + (e2 + e3);
 *      0 + e → e; e + 0 → e
 * mul: c1 · c2 → c; c1 · (c2 · e) → (c1·c2) · e; c1 · (e · c3) → (c1·c3) · e; c1 · (c2 + e) → c1·c2 + c1·e;
 *      0 · e → 0; e · 0 → 0
 * div: c1 / c2 → c; e / 1 → e
 * ite: a constant condition selects its branch;  eq, lt: constants compare
 * </pre>
 * Nothing else is rewritten: {@code e + c} and {@code 1 · e} stay as they are. Constant division by zero is an
 * {@link ArithmeticException}, as in the published implementation (never an infinity or NaN).
 *
 * <p>EPIC's other operators are expressed with these nodes (chosen so that every node kind stays one of §4.1's):
 * {@code a − b = a + (−1·b)}, {@code a > b = b < a}, {@code a ≤ b = not (b < a)}, {@code a ≥ b = not (a < b)},
 * {@code a ≠ b = not (a = b)}, {@code not c = ite(c, false, true)}, {@code a && b = ite(a, b, false)},
 * {@code a || b = ite(a, true, b)}.
 */
public final class Exprs {
    public static final Const ZERO = new Const(0);
    public static final Const ONE = new Const(1);
    public static final Const MINUS_ONE = new Const(-1);
    public static final Const HALF = new Const(0.5);
    public static final Const TWO = new Const(2);
    public static final BoolConst TRUE = new BoolConst(true);
    public static final BoolConst FALSE = new BoolConst(false);
    /**
     * The static analysis's unknown constant (a number or a boolean it cannot know): NaN, which arithmetic
     * propagates; a condition or comparison on it is never decided.
     */
    public static final Const UNKNOWN = new Const(Double.NaN);

    private Exprs() {}

    public static Const num(double v) {
        if (v == 0 && Double.doubleToRawLongBits(v) == 0) {
            return ZERO;
        }
        if (v == 1) {
            return ONE;
        }
        return new Const(v);
    }

    public static BoolConst bool(boolean b) {
        return b ? TRUE : FALSE;
    }

    /** Random variables are immutable and relative to a state, so one object per id serves every particle. */
    private static final int SHARED_VARS = 1 << 16;
    private static final RandomVar[] VARS = new RandomVar[SHARED_VARS];

    public static RandomVar rv(int id) {
        if (id >= SHARED_VARS || id < 0) {
            return new RandomVar(id);
        }
        // A benign race: two threads may both create the object for an id; either is correct (records are immutable).
        RandomVar v = VARS[id];
        if (v == null) {
            v = new RandomVar(id);
            VARS[id] = v;
        }
        return v;
    }

    // ---- smart constructors -------------------------------------------------------------------------------------

    public static Expr add(Expr e1, Expr e2) {
        return add(e1, e2, null, null);
    }

    public static Expr mul(Expr e1, Expr e2) {
        return mul(e1, e2, null, null);
    }

    public static Expr div(Expr e1, Expr e2) {
        return div(e1, e2, null, null);
    }

    public static Expr ite(Expr cond, Expr then, Expr otherwise) {
        return ite(cond, then, otherwise, null, null);
    }

    public static Expr eq(Expr e1, Expr e2) {
        return eq(e1, e2, null, null);
    }

    public static Expr lt(Expr e1, Expr e2) {
        return lt(e1, e2, null, null);
    }

    /** {@code a − b = a + (−1·b)}. */
    public static Expr sub(Expr a, Expr b) {
        return add(a, mul(MINUS_ONE, b));
    }

    public static Expr not(Expr c) {
        return ite(c, FALSE, TRUE);
    }

    public static Expr gt(Expr a, Expr b) {
        return lt(b, a);
    }

    public static Expr le(Expr a, Expr b) {
        return not(lt(b, a));
    }

    public static Expr ge(Expr a, Expr b) {
        return not(lt(a, b));
    }

    public static Expr ne(Expr a, Expr b) {
        return not(eq(a, b));
    }

    public static Expr and(Expr a, Expr b) {
        return ite(a, b, FALSE);
    }

    public static Expr or(Expr a, Expr b) {
        return ite(a, TRUE, b);
    }

    static Expr add(Expr e1, Expr e2, Add orig, Interner in) {
        if (isConst(e1)) {
            double v1 = Expr.numeric(e1);
            if (isConst(e2)) {
                return constant(v1 + Expr.numeric(e2), e1, e2);
            }
            if (e2 instanceof Add a2) {
                if (isConst(a2.left())) {
                    return add(num(v1 + Expr.numeric(a2.left())), a2.right(), null, in);
                }
                if (isConst(a2.right())) {
                    return add(num(v1 + Expr.numeric(a2.right())), a2.left(), null, in);
                }
            }
        }
        if (e1 instanceof Add a1 && isConst(a1.left())) {
            return add(a1.left(), add(a1.right(), e2, null, in), null, in);
        }
        if (isZero(e1)) {
            return e2;
        }
        if (isZero(e2)) {
            return e1;
        }
        return orig != null && orig.left() == e1 && orig.right() == e2 ? orig : in == null ? new Add(e1, e2) : in.add(e1, e2);
    }

    static Expr mul(Expr e1, Expr e2, Mul orig, Interner in) {
        if (isConst(e1)) {
            double v1 = Expr.numeric(e1);
            if (isConst(e2)) {
                return constant(v1 * Expr.numeric(e2), e1, e2);
            }
            if (e2 instanceof Mul m2) {
                if (isConst(m2.left())) {
                    return mul(num(v1 * Expr.numeric(m2.left())), m2.right(), null, in);
                }
                if (isConst(m2.right())) {
                    return mul(num(v1 * Expr.numeric(m2.right())), m2.left(), null, in);
                }
            }
            if (e2 instanceof Add a2 && isConst(a2.left())) {
                return add(num(v1 * Expr.numeric(a2.left())), mul(e1, a2.right(), null, in), null, in);
            }
            if (v1 == 0) {
                return ZERO;
            }
        }
        if (isZero(e2)) {
            return ZERO;
        }
        return orig != null && orig.left() == e1 && orig.right() == e2 ? orig : in == null ? new Mul(e1, e2) : in.mul(e1, e2);
    }

    static Expr div(Expr e1, Expr e2, Div orig, Interner in) {
        if (isConst(e1) && isConst(e2)) {
            double d = Expr.numeric(e2);
            if (d == 0) {
                throw new ArithmeticException("division by zero: " + e1 + " / " + e2);
            }
            return constant(Expr.numeric(e1) / d, e1, e1);
        }
        if (isConst(e2) && Expr.numeric(e2) == 1) {
            return e1;
        }
        return orig != null && orig.left() == e1 && orig.right() == e2 ? orig : in == null ? new Div(e1, e2) : in.div(e1, e2);
    }

    static Expr ite(Expr cond, Expr then, Expr otherwise, Ite orig, Interner in) {
        if (isConst(cond) && !isUnknown(cond)) {
            return Expr.truth(cond) ? then : otherwise;
        }
        if (isUnknown(cond) && isConst(then) && isConst(otherwise)) {
            return UNKNOWN;
        }
        return orig != null && orig.cond() == cond && orig.then() == then && orig.otherwise() == otherwise
                ? orig : in == null ? new Ite(cond, then, otherwise) : in.ite(cond, then, otherwise);
    }

    static Expr eq(Expr e1, Expr e2, Eq orig, Interner in) {
        if (isConst(e1) && isConst(e2)) {
            if (isUnknown(e1) || isUnknown(e2)) {
                return UNKNOWN;
            }
            return bool(Expr.numeric(e1) == Expr.numeric(e2));
        }
        return orig != null && orig.left() == e1 && orig.right() == e2 ? orig : in == null ? new Eq(e1, e2) : in.eq(e1, e2);
    }

    static Expr lt(Expr e1, Expr e2, Lt orig, Interner in) {
        if (isConst(e1) && isConst(e2)) {
            if (isUnknown(e1) || isUnknown(e2)) {
                return UNKNOWN;
            }
            return bool(Expr.numeric(e1) < Expr.numeric(e2));
        }
        return orig != null && orig.left() == e1 && orig.right() == e2 ? orig : in == null ? new Lt(e1, e2) : in.lt(e1, e2);
    }

    /** A numeric constant for {@code v}, reusing an operand that already holds exactly that value. */
    private static Const constant(double v, Expr a, Expr b) {
        long bits = Double.doubleToRawLongBits(v);
        if (a instanceof Const ca && Double.doubleToRawLongBits(ca.value()) == bits) {
            return ca;
        }
        if (b instanceof Const cb && Double.doubleToRawLongBits(cb.value()) == bits) {
            return cb;
        }
        return num(v);
    }

    /** True for a number or boolean constant (a type test, cheaper than the interface call). */
    public static boolean isConst(Expr e) {
        return e instanceof Const || e instanceof BoolConst;
    }

    /** True for {@link #UNKNOWN} (any NaN constant). */
    public static boolean isUnknown(Expr e) {
        return e instanceof Const c && Double.isNaN(c.value());
    }

    /** A constant whose numeric view is 0 (as the published implementation's {@code Const(0)} pattern). */
    public static boolean isZero(Expr e) {
        return isConst(e) && Expr.numeric(e) == 0;
    }

    // ---- evaluation ---------------------------------------------------------------------------------------------

    /**
     * Substitutes the values of realised random variables and re-simplifies with the smart constructors. Returns the
     * same object when nothing changes, so evaluating an expression already in normal form allocates nothing.
     */
    public static Expr eval(Expr e, Valuation values) {
        return eval(e, values, -1, null);
    }

    /** {@link #eval} with random variable {@code id} replaced by {@code value} (the rules' substitution). */
    public static Expr substitute(Expr e, int id, Expr value, Valuation values) {
        return eval(e, values, id, value);
    }

    private static Expr eval(Expr e, Valuation values, int id, Expr value) {
        return ExprWalks.eval(e, values, id, value);
    }

    // ---- random variables of an expression ------------------------------------------------------------------------

    /** True if random variable {@code id} occurs in {@code e}; each shared node is looked at once. */
    public static boolean mentions(Expr e, int id) {
        return ExprWalks.mentions(e, id);
    }

    /** {@link Expr#collectRvs}: left to right, duplicates included. */
    static void collectRvs(Expr e, IntList out) {
        ExprWalks.collectRvs(e, out);
    }

    /**
     * Appends to {@code out} the random variables of {@code d}'s parameters that are not yet in it from index
     * {@code from} on, in order of first occurrence (parameters in order, each left to right), looking at each
     * shared node once: the distinct variables of {@link SymDist#collectRvs} in the same order.
     */
    public static void distinctRvs(SymDist d, IntList out, int from) {
        ExprWalks.distinctRvs(d, out, from);
    }

    /**
     * Structural equality with the published implementation's {@code ==} on expressions: constants compare by
     * numeric value ({@code 1 = 1.0 = true}), random variables by id, operators by kind and operands.
     */
    public static boolean same(Expr a, Expr b) {
        if (a == b) {
            return true;
        }
        if (isConst(a) || isConst(b)) {
            return isConst(a) && isConst(b) && Expr.numeric(a) == Expr.numeric(b);
        }
        if (a instanceof RandomVar x) {
            return b instanceof RandomVar y && x.id() == y.id();
        }
        if (a instanceof Add x) {
            return b instanceof Add y && same(x.left(), y.left()) && same(x.right(), y.right());
        }
        if (a instanceof Mul x) {
            return b instanceof Mul y && same(x.left(), y.left()) && same(x.right(), y.right());
        }
        if (a instanceof Div x) {
            return b instanceof Div y && same(x.left(), y.left()) && same(x.right(), y.right());
        }
        if (a instanceof Eq x) {
            return b instanceof Eq y && same(x.left(), y.left()) && same(x.right(), y.right());
        }
        if (a instanceof Lt x) {
            return b instanceof Lt y && same(x.left(), y.left()) && same(x.right(), y.right());
        }
        if (a instanceof Ite x) {
            return b instanceof Ite y && same(x.cond(), y.cond()) && same(x.then(), y.then())
                    && same(x.otherwise(), y.otherwise());
        }
        throw new IllegalStateException("unknown expression " + a);
    }

    /** True if {@code e} is exactly random variable {@code id}. */
    public static boolean isVar(Expr e, int id) {
        return e instanceof RandomVar v && v.id() == id;
    }
}
