package dev.epic.prob.infer;

import static dev.epic.prob.sym.Exprs.ite;
import static dev.epic.prob.sym.Exprs.num;
import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.prob.rand.RandomStream;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.SymDist;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A particle's draws depend only on (seed, step, index): not on the order particles run in, nor on threads. */
class DeterminismTest {
    private static double[] runParticle(long seed, int index) {
        SymbolicState s = SymbolicState.create(Algorithm.SSI, new RandomStream(seed, 0, index));
        Expr p = s.assume(new Decl("p", Annotation.NONE, null), SymDist.beta(num(2), num(20)));
        Decl xt = new Decl("xt", Annotation.NONE, null);
        Decl isout = new Decl("isout", Annotation.NONE, null);
        Expr prev = num(0);
        double w = 0;
        for (double y : new double[] {1, 2, 8, 3, 2.5, -1, 0.5}) {
            Expr x = s.assume(xt, SymDist.gaussian(prev, num(1)));
            Expr o = s.assume(isout, SymDist.bernoulli(p));
            w += s.observe(SymDist.gaussian(ite(o, num(0), x), ite(o, num(1000), num(1))), num(y), null);
            prev = x;
        }
        return new double[] {w, s.mean(p, null), s.mean(prev, null)};
    }

    @Test
    void particlesGiveTheSameNumbersInAnyOrderAndOnAnyThread() throws Exception {
        int n = 16;
        double[][] forward = new double[n][];
        for (int i = 0; i < n; i++) {
            forward[i] = runParticle(42, i);
        }
        double[][] backward = new double[n][];
        for (int i = n - 1; i >= 0; i--) {
            backward[i] = runParticle(42, i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> runParticle(42, index)));
            }
            for (int i = 0; i < n; i++) {
                assertThat(futures.get(i).get()).containsExactly(forward[i]);
                assertThat(backward[i]).containsExactly(forward[i]);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(forward[0]).isNotEqualTo(forward[1]);
        assertThat(runParticle(43, 0)).isNotEqualTo(forward[0]);
    }
}
