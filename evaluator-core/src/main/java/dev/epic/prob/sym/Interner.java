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
 * Hash-consing of operator nodes, as a bounded cache: the smart constructors ask for a node of a kind with given
 * operands and get the one already made, if the cache still has it. Operands are compared as the structure is built
 * bottom-up: operator nodes by identity (they were interned themselves), constants by value, random variables by
 * id; so equality and hashing cost O(1) a node, never a walk.
 *
 * <p>Why: substitution builds one copy of an expression per value substituted (a conjugacy swap substitutes the
 * parent by true and by false, and sums the two), and copies that become structurally equal after simplification
 * (a position known in every branch selects the same cell) are then one node, which the identity memo of the next
 * walk visits once. Correctness never depends on the cache: it may forget (it is cleared when full), which only
 * loses sharing.
 */
final class Interner {
    private static final int CAPACITY = 1 << 17;
    private final Expr[] table = new Expr[CAPACITY];
    private int size;

    Expr add(Expr a, Expr b) {
        return find(1, a, b, null);
    }

    Expr mul(Expr a, Expr b) {
        return find(2, a, b, null);
    }

    Expr div(Expr a, Expr b) {
        return find(3, a, b, null);
    }

    Expr eq(Expr a, Expr b) {
        return find(4, a, b, null);
    }

    Expr lt(Expr a, Expr b) {
        return find(5, a, b, null);
    }

    Expr ite(Expr c, Expr t, Expr f) {
        return find(6, c, t, f);
    }

    private Expr find(int kind, Expr a, Expr b, Expr c) {
        int h = kind * 0x9E3779B1;
        h = (h ^ operandHash(a)) * 0x85EBCA6B;
        h = (h ^ operandHash(b)) * 0xC2B2AE35;
        if (c != null) {
            h = (h ^ operandHash(c)) * 0x27D4EB2F;
        }
        h ^= h >>> 15;
        int mask = CAPACITY - 1;
        int i = h & mask;
        for (Expr e; (e = table[i]) != null; i = (i + 1) & mask) {
            if (matches(e, kind, a, b, c)) {
                return e;
            }
        }
        Expr made = make(kind, a, b, c);
        if (size >= CAPACITY / 2) {
            java.util.Arrays.fill(table, null);
            size = 0;
            i = h & mask;
        }
        table[i] = made;
        size++;
        return made;
    }

    private static Expr make(int kind, Expr a, Expr b, Expr c) {
        switch (kind) {
            case 1: return new Add(a, b);
            case 2: return new Mul(a, b);
            case 3: return new Div(a, b);
            case 4: return new Eq(a, b);
            case 5: return new Lt(a, b);
            case 6: return new Ite(a, b, c);
            default: throw new IllegalStateException("kind " + kind);
        }
    }

    private static boolean matches(Expr e, int kind, Expr a, Expr b, Expr c) {
        switch (kind) {
            case 1: return e instanceof Add x && same(x.left(), a) && same(x.right(), b);
            case 2: return e instanceof Mul x && same(x.left(), a) && same(x.right(), b);
            case 3: return e instanceof Div x && same(x.left(), a) && same(x.right(), b);
            case 4: return e instanceof Eq x && same(x.left(), a) && same(x.right(), b);
            case 5: return e instanceof Lt x && same(x.left(), a) && same(x.right(), b);
            case 6: return e instanceof Ite x && same(x.cond(), a) && same(x.then(), b) && same(x.otherwise(), c);
            default: return false;
        }
    }

    /** Operand equality in O(1): constants by kind and bits, variables by id, operators by identity. */
    private static boolean same(Expr x, Expr y) {
        if (x == y) {
            return true;
        }
        if (x instanceof Const cx) {
            return y instanceof Const cy && Double.doubleToRawLongBits(cx.value()) == Double.doubleToRawLongBits(cy.value());
        }
        if (x instanceof BoolConst bx) {
            return y instanceof BoolConst by && bx.value() == by.value();
        }
        if (x instanceof RandomVar vx) {
            return y instanceof RandomVar vy && vx.id() == vy.id();
        }
        return false;
    }

    private static int operandHash(Expr x) {
        if (x instanceof Const c) {
            return Long.hashCode(Double.doubleToRawLongBits(c.value())) * 31 + 1;
        }
        if (x instanceof BoolConst b) {
            return b.value() ? 3 : 5;
        }
        if (x instanceof RandomVar v) {
            return v.id() * 0x61C88647 + 7;
        }
        return System.identityHashCode(x);
    }
}
