package dev.epic.prob.infer;

import static dev.epic.prob.sym.Exprs.div;
import static dev.epic.prob.sym.Exprs.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.epic.prob.rand.RandomStream;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.SymDist;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Runtime plans and sampling triggers of SSI. The expected default plans are those the published interpreter
 * reports for the same programs (run with 10 particles and seeds 1–3: every run gave the plan below).
 */
class SsiPlanTest {
    private static Map<String, Encoding> plan(Consumer<SymbolicState> model) {
        return Models.plan(Algorithm.SSI, 10, 1, model).encodings();
    }

    private static Map.Entry<String, Encoding> e(String name, Encoding enc) {
        return Map.entry(name, enc);
    }

    @Test
    void defaultPlansMatchThePublishedInterpreter() {
        assertThat(plan(Models::outlier)).containsExactly(
                e("p", Encoding.SYMBOLIC), e("xt", Encoding.SAMPLE), e("isout", Encoding.SAMPLE));
        assertThat(plan(Models::noise)).containsExactly(
                e("invq", Encoding.SYMBOLIC), e("invr", Encoding.SAMPLE), e("x", Encoding.SAMPLE));
        assertThat(plan(Models::tree)).containsExactly(e("a", Encoding.SYMBOLIC), e("b", Encoding.SYMBOLIC));
        assertThat(plan(Models::env)).containsExactly(
                e("x", Encoding.SYMBOLIC), e("env", Encoding.SAMPLE), e("w", Encoding.SYMBOLIC));
        assertThat(plan(Models::gammaVariance)).containsExactly(e("s", Encoding.SAMPLE), e("m", Encoding.SYMBOLIC),
                e("c", Encoding.SYMBOLIC), e("d", Encoding.SYMBOLIC));
        assertThat(plan(Models::coin)).containsExactly(e("p", Encoding.SYMBOLIC));
    }

    private static SymbolicState ssi() {
        return SymbolicState.create(Algorithm.SSI, new RandomStream(3, 0, 0));
    }

    @Test
    void observingASymbolicVariablesValueIsAViolationAtTheObserve() {
        SymbolicState s = ssi();
        Expr x = s.assume(new Decl("x", Annotation.SYMBOLIC, "1:5"), SymDist.gaussian(num(0), num(1)));
        assertThatThrownBy(() -> s.observe(SymDist.gaussian(num(0), num(1)), x, "3:10"))
                .isInstanceOfSatisfying(PlanViolation.class, v -> {
                    assertThat(v.variable()).isEqualTo("x");
                    assertThat(v.declarationSite()).isEqualTo("1:5");
                    assertThat(v.trigger().cause()).isEqualTo(Cause.OBSERVED_VALUE);
                    assertThat(v.trigger().operation()).isEqualTo(Operation.OBSERVE);
                    assertThat(v.trigger().site()).isEqualTo("3:10");
                })
                .hasMessageStartingWith("x is annotated as symbolic but will be sampled");
    }

    @Test
    void anImpureIfOnASymbolicVariableIsAViolationAtTheIf() {
        SymbolicState s = ssi();
        Expr env = s.assume(new Decl("env", Annotation.SYMBOLIC, "2:1"), SymDist.bernoulli(num(0.5)));
        assertThatThrownBy(() -> s.valueExpr(Exprs.not(env), Cause.IMPURE_IF_CONDITION, "4:3"))
                .isInstanceOfSatisfying(PlanViolation.class, v -> {
                    assertThat(v.trigger().cause()).isEqualTo(Cause.IMPURE_IF_CONDITION);
                    assertThat(v.trigger().site()).isEqualTo("4:3");
                });
    }

    @Test
    void aNonConjugateParentIsAViolationNamingItsChild() {
        SymbolicState s = ssi();
        Expr v = s.assume(new Decl("v", Annotation.SYMBOLIC, "1:1"), SymDist.gamma(num(2), num(1)));
        Expr m = s.assume(new Decl("m", Annotation.NONE, "2:1"), SymDist.gaussian(num(0), v));
        assertThatThrownBy(() -> s.observe(SymDist.gaussian(m, num(1)), num(0.3), "3:1"))
                .isInstanceOfSatisfying(PlanViolation.class, pv -> {
                    assertThat(pv.variable()).isEqualTo("v");
                    assertThat(pv.trigger().cause()).isEqualTo(Cause.NON_CONJUGATE_CHILD);
                    assertThat(pv.trigger().otherName()).isEqualTo("m");
                    assertThat(pv.trigger().otherSite()).isEqualTo("2:1");
                    assertThat(pv.trigger().operation()).isEqualTo(Operation.OBSERVE);
                    assertThat(pv.trigger().site()).isEqualTo("3:1");
                })
                .hasMessageContaining("no conjugacy rule relates it to its child m");
    }

    @Test
    void theFinalMeanCanForceASample() {
        // m's variance is a Gamma variable: marginalising m for the mean must sample v.
        SymbolicState s = ssi();
        Expr v = s.assume(new Decl("v", Annotation.SYMBOLIC, "1:1"), SymDist.gamma(num(2), num(1)));
        Expr m = s.assume(new Decl("m", Annotation.NONE, "2:1"), SymDist.gaussian(num(0), v));
        assertThatThrownBy(() -> s.mean(m, "result"))
                .isInstanceOfSatisfying(PlanViolation.class, pv -> {
                    assertThat(pv.trigger().operation()).isEqualTo(Operation.MEAN);
                    assertThat(pv.trigger().cause()).isEqualTo(Cause.NON_CONJUGATE_CHILD);
                    assertThat(pv.getMessage()).contains("during the final mean at result");
                });
    }

    @Test
    void aSampleAnnotationDrawsAtOnceAndItsNonConjugateParentsAreNamed() {
        SymbolicState s = ssi();
        Expr invq = s.assume(new Decl("invq", Annotation.SYMBOLIC, "1:1"), SymDist.gamma(num(1), num(1)));
        Expr x = s.assume(new Decl("x", Annotation.SAMPLE, "2:1"), SymDist.gaussian(num(0), div(num(1), invq)));
        assertThat(x.isConstant()).isTrue();
        assertThat(s.plan().encodings()).containsExactly(Map.entry("invq", Encoding.SYMBOLIC),
                Map.entry("x", Encoding.SAMPLE));
        // Now a sample variable whose parent has no rule to it.
        Expr sd = s.assume(new Decl("sd", Annotation.SYMBOLIC, "3:1"), SymDist.gamma(num(1), num(1)));
        assertThatThrownBy(() -> s.assume(new Decl("y", Annotation.SAMPLE, "4:1"), SymDist.gaussian(num(0), sd)))
                .isInstanceOfSatisfying(PlanViolation.class, pv -> {
                    assertThat(pv.variable()).isEqualTo("sd");
                    assertThat(pv.trigger().otherName()).isEqualTo("y");
                    assertThat(pv.trigger().operation()).isEqualTo(Operation.ASSUME);
                    assertThat(pv.trigger().site()).isEqualTo("4:1");
                });
    }

    @Test
    void aSymbolicAnnotationThatCanBeHonouredNeverFails() {
        for (long seed = 0; seed < 100; seed++) {
            SymbolicState s = SymbolicState.create(Algorithm.SSI, new RandomStream(seed, 0, 0));
            Expr p = s.assume(new Decl("p", Annotation.SYMBOLIC, "1:1"), SymDist.beta(num(2), num(20)));
            Decl xt = new Decl("xt", Annotation.NONE, "2:1");
            Decl isout = new Decl("isout", Annotation.SAMPLE, "3:1");
            Expr prev = num(0);
            for (double y : new double[] {1, 2, 8}) {
                Expr x = s.assume(xt, SymDist.gaussian(prev, num(1)));
                Expr o = s.assume(isout, SymDist.bernoulli(p));
                s.observe(SymDist.gaussian(Exprs.ite(o, num(0), x), Exprs.ite(o, num(1000), num(1))), num(y), "5:1");
                prev = x;
            }
            assertThat(s.mean(p, "result")).isBetween(0.0, 1.0);
            assertThat(s.plan().get("p")).isEqualTo(Encoding.SYMBOLIC);
        }
    }

    @Test
    void planJoinGivesDynamicWhenParticlesDisagree() {
        SymbolicState a = ssi();
        SymbolicState b = ssi();
        Decl z = new Decl("z", Annotation.NONE, null);
        a.assume(z, SymDist.gaussian(num(0), num(1)));
        Expr zb = b.assume(z, SymDist.gaussian(num(0), num(1)));
        b.valueExpr(zb, Cause.EXPLICIT_VALUE, null);
        assertThat(a.plan().join(b.plan()).get("z")).isEqualTo(Encoding.DYNAMIC);
        assertThat(a.plan().join(a.plan()).get("z")).isEqualTo(Encoding.SYMBOLIC);
        assertThat(b.plan().toString()).isEqualTo("z: sample\n");
    }
}
