package dev.epic.prob.sym;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.IdentityHashMap;
import org.junit.jupiter.api.Test;

/**
 * Walks over expressions built by sharing visit each shared node once: a chain of 200 {@code ite}s each using the
 * previous one twice is a tree of 2^200 nodes but a DAG of 600, and evaluation, substitution, free variables and
 * {@code mentions} take time linear in the DAG, and keep its sharing.
 */
class SharedExprsTest {
    private static final int DEPTH = 200;

    /** x_{k+1} = ite(c_k < x_k, x_k, x_k + 1) over conditions rv1…rv200 and a root rv0. */
    private static Expr chain() {
        Expr x = Exprs.rv(0);
        for (int k = 1; k <= DEPTH; k++) {
            x = Exprs.ite(Exprs.lt(Exprs.rv(k), x), x, Exprs.add(x, Exprs.ONE));
        }
        return x;
    }

    private static int distinctNodes(Expr e, IdentityHashMap<Expr, Boolean> seen) {
        if (e.isConstant() || e instanceof Expr.RandomVar || seen.put(e, Boolean.TRUE) != null) {
            return 0;
        }
        int n = 1;
        if (e instanceof Expr.Ite i) {
            return n + distinctNodes(i.cond(), seen) + distinctNodes(i.then(), seen) + distinctNodes(i.otherwise(), seen);
        }
        if (e instanceof Expr.Lt l) {
            return n + distinctNodes(l.left(), seen) + distinctNodes(l.right(), seen);
        }
        if (e instanceof Expr.Add a) {
            return n + distinctNodes(a.left(), seen) + distinctNodes(a.right(), seen);
        }
        throw new IllegalStateException(e.toString());
    }

    @Test
    void walksOverASharedChainAreLinear() {
        Expr x = chain();
        assertThat(distinctNodes(x, new IdentityHashMap<>())).isEqualTo(3 * DEPTH);
        assertThat(x.mentions(0)).isTrue();
        assertThat(x.mentions(DEPTH + 1)).isFalse();
        IntList rvs = new IntList();
        Exprs.distinctRvs(SymDist.bernoulli(x), rvs, 0);
        assertThat(rvs.size()).isEqualTo(DEPTH + 1);
        assertThat(rvs.get(0)).isEqualTo(DEPTH);
        // Nothing realised: the same object back.
        assertThat(Exprs.eval(x, Valuation.NONE)).isSameAs(x);
    }

    @Test
    void substitutionKeepsTheSharing() {
        Expr x = chain();
        // The root becomes 0.5: every node changes, and the result is still a DAG of about the same size.
        Expr y = Exprs.substitute(x, 0, Exprs.num(0.5), Valuation.NONE);
        assertThat(y.mentions(0)).isFalse();
        assertThat(distinctNodes(y, new IdentityHashMap<>())).isLessThanOrEqualTo(3 * DEPTH);
    }

    @Test
    void realisedVariablesCollapseTheChain() {
        Expr x = chain();
        // rv0 = 0 and every c_k = 10^6: no condition holds, so x_{k+1} = x_k + 1 and the chain is 200.
        Valuation values = id -> id == 0 ? Exprs.ZERO : id <= DEPTH ? Exprs.num(1e6) : null;
        assertThat(Exprs.eval(x, values)).isEqualTo(Exprs.num(DEPTH));
        // rv0 = 5 and every c_k = −1: every condition holds, x_{k+1} = x_k, and the chain is 5.
        Valuation below = id -> id == 0 ? Exprs.num(5) : id <= DEPTH ? Exprs.MINUS_ONE : null;
        assertThat(Exprs.eval(x, below)).isEqualTo(Exprs.num(5));
    }
}
