package dev.epic.prob.infer;

import static dev.epic.prob.sym.Exprs.num;
import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.prob.rand.RandomStream;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.SymDist;
import org.junit.jupiter.api.Test;

class ParticleCopyTest {
    private static Expr step(SymbolicState s, Expr prev, double y) {
        Expr x = s.assume(new Decl("x", Annotation.NONE, null), SymDist.gaussian(prev, num(1)));
        s.observe(SymDist.gaussian(x, num(1)), num(y), null);
        return x;
    }

    @Test
    void aCopyContinuesIndependentlyOfItsOriginal() {
        Particle p = new Particle(SymbolicState.create(Algorithm.SSI, new RandomStream(1, 0, 0)));
        Expr x = num(0);
        for (int t = 0; t < 40; t++) {
            x = step(p.state(), x, t);
        }
        Expr shared = x;
        Particle c = p.copy(1, 1);
        p.reseed(1, 0);
        Expr xp = step(p.state(), shared, 100);
        Expr xc = step(c.state(), shared, -100);
        assertThat(p.state().mean(xp, null)).isGreaterThan(40);
        assertThat(c.state().mean(xc, null)).isLessThan(0);
        // The shared history was smoothed differently in each, and neither saw the other's write.
        assertThat(p.state().mean(shared, null)).isNotEqualTo(c.state().mean(shared, null));
        assertThat(p.state().size()).isEqualTo(c.state().size());
    }

    @Test
    void duplicatesDrawDifferentFuturesAndTheSameKeyTheSameFuture() {
        Particle p = new Particle(SymbolicState.create(Algorithm.SSI, new RandomStream(5, 0, 0)));
        Expr x = p.state().assume(new Decl("x", Annotation.NONE, null), SymDist.gaussian(num(0), num(1)));
        Particle a = p.copy(1, 1);
        Particle b = p.copy(1, 2);
        Particle a2 = p.copy(1, 1);
        Expr va = a.state().valueExpr(x, Cause.EXPLICIT_VALUE, null);
        Expr vb = b.state().valueExpr(x, Cause.EXPLICIT_VALUE, null);
        Expr va2 = a2.state().valueExpr(x, Cause.EXPLICIT_VALUE, null);
        assertThat(va).isNotEqualTo(vb);
        assertThat(va).isEqualTo(va2);
        assertThat(p.state().eval(x)).isSameAs(x);
    }
}
