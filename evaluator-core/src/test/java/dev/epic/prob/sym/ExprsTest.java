package dev.epic.prob.sym;

import static dev.epic.prob.sym.Exprs.add;
import static dev.epic.prob.sym.Exprs.div;
import static dev.epic.prob.sym.Exprs.eq;
import static dev.epic.prob.sym.Exprs.ite;
import static dev.epic.prob.sym.Exprs.lt;
import static dev.epic.prob.sym.Exprs.mul;
import static dev.epic.prob.sym.Exprs.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.epic.prob.sym.Expr.Add;
import dev.epic.prob.sym.Expr.Const;
import dev.epic.prob.sym.Expr.Mul;
import dev.epic.prob.sym.Expr.RandomVar;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExprsTest {
    private static final RandomVar X = Exprs.rv(1);
    private static final RandomVar Y = Exprs.rv(2);

    @Test
    void additionFoldsConstantsAndReassociatesOnlyAsSpecified() {
        assertThat(add(num(1), num(2))).isEqualTo(num(3));
        assertThat(add(num(1), new Add(num(2), X))).isEqualTo(new Add(num(3), X));
        assertThat(add(num(1), new Add(X, num(2)))).isEqualTo(new Add(num(3), X));
        assertThat(add(new Add(num(1), X), Y)).isEqualTo(new Add(num(1), new Add(X, Y)));
        assertThat(add(num(0), X)).isSameAs(X);
        assertThat(add(X, num(0))).isSameAs(X);
        assertThat(add(X, num(1))).isEqualTo(new Add(X, num(1)));
    }

    @Test
    void multiplicationDistributesAConstantOverAConstantSum() {
        assertThat(mul(num(2), num(3))).isEqualTo(num(6));
        assertThat(mul(num(2), new Mul(num(3), X))).isEqualTo(new Mul(num(6), X));
        assertThat(mul(num(2), new Mul(X, num(3)))).isEqualTo(new Mul(num(6), X));
        assertThat(mul(num(2), new Add(num(3), X))).isEqualTo(new Add(num(6), new Mul(num(2), X)));
        assertThat(mul(num(0), X)).isEqualTo(num(0));
        assertThat(mul(X, num(0))).isEqualTo(num(0));
        assertThat(mul(num(1), X)).isEqualTo(new Mul(num(1), X));
        assertThat(mul(X, num(2))).isEqualTo(new Mul(X, num(2)));
    }

    @Test
    void divisionByOneVanishesAndConstantDivisionByZeroIsAnError() {
        assertThat(div(num(1), num(4))).isEqualTo(num(0.25));
        assertThat(div(X, num(1))).isSameAs(X);
        assertThat(div(num(1), X)).isEqualTo(new Expr.Div(num(1), X));
        assertThatThrownBy(() -> div(num(1), num(0))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void constantConditionsAndComparisonsFold() {
        assertThat(ite(Exprs.TRUE, X, Y)).isSameAs(X);
        assertThat(ite(Exprs.FALSE, X, Y)).isSameAs(Y);
        assertThat(ite(lt(X, num(0)), X, Y)).isInstanceOf(Expr.Ite.class);
        assertThat(eq(num(1), Exprs.TRUE)).isEqualTo(Exprs.TRUE);
        assertThat(lt(num(1), num(2))).isEqualTo(Exprs.TRUE);
        assertThat(Exprs.le(num(2), num(2))).isEqualTo(Exprs.TRUE);
        assertThat(Exprs.ge(num(1), num(2))).isEqualTo(Exprs.FALSE);
        assertThat(Exprs.ne(num(1), num(2))).isEqualTo(Exprs.TRUE);
        assertThat(Exprs.sub(num(5), num(2))).isEqualTo(num(3));
    }

    @Test
    void isAffineDecomposesTheSpecificationsExamples() {
        Affine f = new Affine();
        // 2x + 3 → (2, 3)
        assertThat(f.decompose(add(mul(num(2), X), num(3)), 1, Valuation.NONE)).isTrue();
        assertThat(Exprs.eval(f.a, Valuation.NONE)).isEqualTo(num(2));
        assertThat(Exprs.eval(f.b, Valuation.NONE)).isEqualTo(num(3));
        // x + x → (2, 0)
        assertThat(f.decompose(new Add(X, X), 1, Valuation.NONE)).isTrue();
        assertThat(f.a).isEqualTo(num(2));
        assertThat(f.b).isEqualTo(num(0));
        // 2x + (4x + 5) → (6, 5), written raw as x·2 + (x·4 + 5)
        assertThat(f.decompose(new Add(new Mul(X, num(2)), new Add(new Mul(X, num(4)), num(5))), 1, Valuation.NONE))
                .isTrue();
        assertThat(f.a).isEqualTo(num(6));
        assertThat(f.b).isEqualTo(num(5));
        // (3x + y) / 2 → (1.5, y / 2)
        assertThat(f.decompose(div(add(mul(num(3), X), Y), num(2)), 1, Valuation.NONE)).isTrue();
        assertThat(f.a).isEqualTo(num(1.5));
        assertThat(f.b).isEqualTo(new Expr.Div(Y, num(2)));
    }

    @Test
    void isAffineRejectsProductsOfTheVariableConditionalsAndDivisionByIt() {
        Affine f = new Affine();
        assertThat(f.decompose(mul(X, X), 1, Valuation.NONE)).isFalse();
        assertThat(f.decompose(div(num(1), X), 1, Valuation.NONE)).isFalse();
        assertThat(f.decompose(ite(lt(Y, num(0)), X, num(0)), 1, Valuation.NONE)).isFalse();
        assertThat(f.decompose(lt(X, num(0)), 1, Valuation.NONE)).isFalse();
        // A product with a realised factor is affine once the factor is evaluated.
        Valuation yIs3 = id -> id == 2 ? num(3) : null;
        assertThat(f.decompose(mul(Y, X), 1, yIs3)).isTrue();
        assertThat(Exprs.eval(f.a, yIs3)).isEqualTo(num(3));
    }

    @Test
    void evalSubstitutesRealisedValuesAndKeepsUnchangedTreesIdentical() {
        Expr e = add(num(1), mul(num(2), X));
        assertThat(Exprs.eval(e, Valuation.NONE)).isSameAs(e);
        Map<Integer, Expr> values = Map.of(1, num(4));
        assertThat(Exprs.eval(e, values::get)).isEqualTo(num(9));
        assertThat(Exprs.eval(new Add(num(1), num(2)), Valuation.NONE)).isEqualTo(num(3));
        assertThat(Exprs.substitute(ite(X, Y, num(0)), 1, Exprs.FALSE, Valuation.NONE)).isEqualTo(num(0));
        assertThat(Exprs.eval(ite(lt(X, num(5)), Y, num(0)), values::get)).isSameAs(Y);
    }

    @Test
    void sameComparesStructureAndConstantsNumerically() {
        assertThat(Exprs.same(new Expr.Div(num(1), X), new Expr.Div(Exprs.TRUE, Exprs.rv(1)))).isTrue();
        assertThat(Exprs.same(new Expr.Div(num(1), X), new Expr.Div(num(1), Y))).isFalse();
        assertThat(new Const(2.0).mentions(1)).isFalse();
        IntList rvs = new IntList();
        ite(lt(X, num(0)), Y, X).collectRvs(rvs);
        assertThat(rvs.toArray()).containsExactly(1, 2, 1);
    }
}
