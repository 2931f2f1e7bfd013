package dev.epic.prob.conj;

import static dev.epic.prob.sym.Exprs.num;
import static dev.epic.prob.sym.Exprs.rv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.epic.prob.dist.BetaBinomial;
import dev.epic.prob.dist.Binomial;
import dev.epic.prob.dist.GammaDist;
import dev.epic.prob.dist.Gaussian;
import dev.epic.prob.dist.NegativeBinomial;
import dev.epic.prob.dist.Poisson;
import dev.epic.prob.dist.StudentT;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.SymDist;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Each rule's marginal and posterior against closed forms written here, and against numeric integration of prior ×
 * likelihood (Simpson's rule). Posteriors are checked in both forms: built with the observed constant, and built
 * with the child's random variable (as after an SSI swap) and then evaluated at the observation.
 */
class ConjugacyRulesTest {
    private static final int PARENT = 0;
    private static final int CHILD = 1;

    /** The posterior with x the child's variable, then evaluated with the child realised at {@code x}. */
    private static SymDist posteriorBothWays(ConjugacyRule rule, MapContext ctx, Expr x) {
        SymDist prior = ctx.distribution(PARENT);
        SymDist lik = ctx.distribution(CHILD);
        MapContext copy = new MapContext();
        copy.dists.putAll(ctx.dists);
        SymDist direct = rule.posterior(ctx, prior, lik, PARENT, CHILD, x).eval(ctx);
        SymDist viaChild = rule.posterior(copy, prior, lik, PARENT, CHILD, rv(CHILD));
        copy.with(CHILD, new SymDist.Delta(x, false));
        assertThat(viaChild.eval(copy).toString()).isEqualTo(direct.toString());
        return direct;
    }

    private static double simpson(DoubleUnaryOperator f, double lo, double hi, int n) {
        double h = (hi - lo) / n;
        double s = f.applyAsDouble(lo) + f.applyAsDouble(hi);
        for (int i = 1; i < n; i++) {
            s += f.applyAsDouble(lo + i * h) * (i % 2 == 1 ? 4 : 2);
        }
        return s * h / 3;
    }

    private static double density(SymDist d, double x) {
        return Math.exp(d.logDensity(num(x)));
    }

    @Test
    void betaBernoulliWithTwoTrueObservationsGivesBeta31() {
        MapContext ctx = new MapContext().with(PARENT, new SymDist.Beta(num(1), num(1)))
                .with(CHILD, new SymDist.Bernoulli(rv(PARENT)));
        ConjugacyRule rule = ConjugacyRules.find(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD);
        assertThat(rule).isSameAs(ConjugacyRules.BETA_BERNOULLI);
        assertThat(rule.marginal(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD).mean())
                .isEqualTo(0.5);
        ctx.with(PARENT, posteriorBothWays(rule, ctx, Exprs.TRUE));
        ctx.with(PARENT, posteriorBothWays(rule, ctx, Exprs.TRUE));
        assertThat(ctx.distribution(PARENT)).isEqualTo(new SymDist.Beta(num(3), num(1)));
        // Against integration: P(true) = ∫ θ·Beta(θ; 3, 1) dθ = 3/4.
        SymDist post = ctx.distribution(PARENT);
        assertThat(simpson(t -> t * density(post, t), 0, 1, 2000)).isCloseTo(0.75, within(1e-10));
    }

    @Test
    void affineGaussianGivesTheKalmanUpdate() {
        MapContext ctx = new MapContext().with(PARENT, new SymDist.Normal(num(1), num(100)))
                .with(CHILD, new SymDist.Normal(Exprs.mul(num(3), rv(PARENT)), num(1)));
        ConjugacyRule rule = ConjugacyRules.find(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD);
        assertThat(rule).isSameAs(ConjugacyRules.AFFINE_GAUSSIAN);
        SymDist marginal = rule.marginal(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD);
        assertThat(marginal).isEqualTo(new SymDist.Normal(num(3), num(901)));

        // An offset too: child N(3·parent + 2, 1), observed at 5.
        ctx.with(CHILD, new SymDist.Normal(Exprs.add(Exprs.mul(num(3), rv(PARENT)), num(2)), num(1)));
        double x = 5;
        SymDist post = posteriorBothWays(rule, ctx, num(x));
        double precision = 1 / 100.0 + 9 / 1.0;
        double mean = (1 / 100.0 + 3 * (x - 2) / 1.0) / precision;
        assertThat(post.mean()).isCloseTo(mean, within(1e-12));
        assertThat(post.variance()).isCloseTo(1 / precision, within(1e-15));

        SymDist m = rule.marginal(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD);
        DoubleUnaryOperator joint = t -> Math.exp(Gaussian.logDensity(1, 100, t) + Gaussian.logDensity(3 * t + 2, 1, x));
        double evidence = simpson(joint, 1 - 150, 1 + 150, 200_000);
        assertThat(density(m, x)).isCloseTo(evidence, within(1e-9 * evidence));
        for (double t : new double[] {0.7, 1.0, 1.3}) {
            assertThat(density(post, t)).isCloseTo(joint.applyAsDouble(t) / evidence, within(1e-7));
        }
    }

    @Test
    void affineGaussianWithNumericParametersBuildsTheSameShapesAsTheSmartConstructors() {
        double[][] cases = {{1, 0, 1}, {3, 2, 2}, {0.5, -1, 1}, {-2, 0, 4}};
        for (double[] c : cases) {
            double a = c[0];
            double b = c[1];
            double var = c[2];
            MapContext ctx = new MapContext().with(PARENT, new SymDist.Normal(num(1.5), num(4)))
                    .with(CHILD, new SymDist.Normal(Exprs.add(Exprs.mul(num(a), rv(PARENT)), num(b)), num(var)));
            ConjugacyRule rule = ConjugacyRules.AFFINE_GAUSSIAN;
            assertThat(rule.applies(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD)).isTrue();
            Expr x = rv(CHILD);
            SymDist post = rule.posterior(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD, x);
            // The published operation order, through the smart constructors.
            Expr muZ = Exprs.add(Exprs.mul(num(a), num(1.5)), num(b));
            Expr varZ = Exprs.mul(Exprs.mul(num(a), num(a)), num(4));
            Expr varPost = Exprs.div(num(1), Exprs.add(Exprs.div(num(1), varZ), Exprs.div(num(1), num(var))));
            Expr muPost = Exprs.mul(Exprs.add(Exprs.div(muZ, varZ), Exprs.div(x, num(var))), varPost);
            Expr mean = Exprs.div(Exprs.add(muPost, Exprs.mul(num(-1), num(b))), num(a));
            Expr variance = Exprs.div(varPost, Exprs.mul(num(a), num(a)));
            SymDist.Normal n = (SymDist.Normal) post;
            assertThat(Exprs.same(n.mu(), mean)).as("mean shape %s vs %s", n.mu(), mean).isTrue();
            assertThat(Exprs.same(n.var(), variance)).isTrue();
            SymDist direct = rule.posterior(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD, num(0.7));
            assertThat(direct.mean()).isEqualTo(Expr.numeric(Exprs.substitute(mean, CHILD, num(0.7), ctx)));
        }
    }

    @Test
    void bernoulliBernoulliConditionsAPairOfBooleans() {
        MapContext ctx = new MapContext().with(PARENT, new SymDist.Bernoulli(num(0.3)))
                .with(CHILD, new SymDist.Bernoulli(Exprs.ite(rv(PARENT), num(0.9), num(0.2))));
        ConjugacyRule rule = ConjugacyRules.find(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD);
        assertThat(rule).isSameAs(ConjugacyRules.BERNOULLI_BERNOULLI);
        SymDist m = rule.marginal(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD);
        // Sum over the parent: P(x) = 0.3·0.9 + 0.7·0.2; P(parent | x) by Bayes.
        assertThat(m.mean()).isCloseTo(0.3 * 0.9 + 0.7 * 0.2, within(1e-15));
        assertThat(posteriorBothWays(rule, ctx, Exprs.TRUE).mean()).isCloseTo(0.27 / 0.41, within(1e-15));
        assertThat(posteriorBothWays(rule, ctx, Exprs.FALSE).mean()).isCloseTo(0.03 / 0.59, within(1e-15));
    }

    @Test
    void betaBinomialCountsSuccessesAndFailures() {
        MapContext ctx = new MapContext().with(PARENT, new SymDist.Beta(num(2), num(3)))
                .with(CHILD, new SymDist.Binomial(num(10), rv(PARENT)));
        ConjugacyRule rule = ConjugacyRules.find(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD);
        assertThat(rule).isSameAs(ConjugacyRules.BETA_BINOMIAL);
        SymDist m = rule.marginal(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD);
        assertThat(m).isEqualTo(new SymDist.BetaBinomial(num(10), num(2), num(3)));
        SymDist post = posteriorBothWays(rule, ctx, num(4));
        assertThat(post).isEqualTo(new SymDist.Beta(num(6), num(9)));

        DoubleUnaryOperator joint = t ->
                Math.exp(dev.epic.prob.dist.Beta.logDensity(2, 3, t) + Binomial.logDensity(10, t, 4));
        double evidence = simpson(joint, 0, 1, 20_000);
        assertThat(Math.exp(BetaBinomial.logDensity(10, 2, 3, 4))).isCloseTo(evidence, within(1e-10));
        assertThat(density(m, 4)).isCloseTo(evidence, within(1e-10));
        assertThat(density(post, 0.35)).isCloseTo(joint.applyAsDouble(0.35) / evidence, within(1e-8));
    }

    @Test
    void gammaPoissonGivesANegativeBinomial() {
        MapContext ctx = new MapContext().with(PARENT, new SymDist.Gamma(num(3), num(2)))
                .with(CHILD, new SymDist.Poisson(rv(PARENT)));
        ConjugacyRule rule = ConjugacyRules.find(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD);
        assertThat(rule).isSameAs(ConjugacyRules.GAMMA_POISSON);
        SymDist m = rule.marginal(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD);
        SymDist post = posteriorBothWays(rule, ctx, num(4));
        assertThat(post).isEqualTo(new SymDist.Gamma(num(7), num(3)));
        assertThat(m.mean()).isCloseTo(NegativeBinomial.mean(3, 2.0 / 3), within(1e-15));

        DoubleUnaryOperator joint = l -> l == 0 ? 0 : Math.exp(GammaDist.logDensity(3, 2, l) + Poisson.logDensity(l, 4));
        double evidence = simpson(joint, 0, 60, 60_000);
        assertThat(density(m, 4)).isCloseTo(evidence, within(1e-10));
        assertThat(density(m, 4)).isCloseTo(15 * Math.pow(2.0 / 3, 3) * Math.pow(1.0 / 3, 4), within(1e-14));
        assertThat(density(post, 2.2)).isCloseTo(joint.applyAsDouble(2.2) / evidence, within(1e-8));
        // A shape that is not an integer is no rule's parent for a Poisson child.
        ctx.with(PARENT, new SymDist.Gamma(num(2.5), num(2)));
        assertThat(ConjugacyRules.find(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD)).isNull();
    }

    @Test
    void gammaNormalWithUnknownPrecisionGivesAStudentT() {
        MapContext ctx = new MapContext().with(PARENT, new SymDist.Gamma(num(3), num(2)))
                .with(CHILD, new SymDist.Normal(num(1), Exprs.div(num(1), rv(PARENT))));
        ConjugacyRule rule = ConjugacyRules.find(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD);
        assertThat(rule).isSameAs(ConjugacyRules.GAMMA_NORMAL_PRECISION);
        SymDist m = rule.marginal(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD);
        assertThat(m).isEqualTo(new SymDist.StudentT(num(1), num(2.0 / 3), num(6)));
        double x = 2.5;
        SymDist post = posteriorBothWays(rule, ctx, num(x));
        assertThat(post.mean()).isCloseTo(3.5 / (2 + 0.5 * 2.25), within(1e-15));

        DoubleUnaryOperator joint = t -> t == 0 ? 0
                : Math.exp(GammaDist.logDensity(3, 2, t) + Gaussian.logDensity(1, 1 / t, x));
        double evidence = simpson(joint, 0, 40, 80_000);
        assertThat(Math.exp(StudentT.logDensity(1, 2.0 / 3, 6, x))).isCloseTo(evidence, within(1e-10));
        assertThat(density(post, 1.1)).isCloseTo(joint.applyAsDouble(1.1) / evidence, within(1e-8));
        // The variance must be literally 1 / parent.
        ctx.with(CHILD, new SymDist.Normal(num(1), Exprs.div(num(2), rv(PARENT))));
        assertThat(ConjugacyRules.find(ctx, ctx.distribution(PARENT), ctx.distribution(CHILD), PARENT, CHILD)).isNull();
    }

    @Test
    void normalInverseGammaGivesAStudentTAndUpdatesThePrecision() {
        int tau = 2;
        Expr invTau = Exprs.div(num(1), rv(tau));
        MapContext ctx = new MapContext().with(tau, new SymDist.Gamma(num(3), num(2)))
                .with(PARENT, new SymDist.Normal(num(1), Exprs.mul(num(2), invTau)))
                .with(CHILD, new SymDist.Normal(rv(PARENT), invTau));
        SymDist prior = ctx.distribution(PARENT);
        SymDist lik = ctx.distribution(CHILD);
        ConjugacyRule rule = ConjugacyRules.NORMAL_INVERSE_GAMMA;
        assertThat(rule.applies(ctx, prior, lik, PARENT, CHILD)).isTrue();
        // Rule 1's conditions hold too, and it is tried first.
        assertThat(ConjugacyRules.find(ctx, prior, lik, PARENT, CHILD)).isSameAs(ConjugacyRules.AFFINE_GAUSSIAN);

        double lambda = 0.5;
        double x = 2.5;
        SymDist m = rule.marginal(ctx, prior, lik, PARENT, CHILD).eval(ctx);
        assertThat(m).isEqualTo(new SymDist.StudentT(num(1), num(2 * 1.5 / (3 * lambda)), num(6)));
        SymDist post = rule.posterior(ctx, prior, lik, PARENT, CHILD, num(x)).eval(ctx);
        SymDist tauPost = ctx.distribution(tau).eval(ctx);
        double bPost = 2 + lambda * (x - 1) * (x - 1) / (2 * (lambda + 1));
        assertThat(tauPost.mean()).isCloseTo(3.5 / bPost, within(1e-15));
        assertThat(post).isEqualTo(new SymDist.Normal(num((lambda * 1 + x) / (lambda + 1)),
                Exprs.div(num(1), Exprs.mul(num(1.5), rv(tau)))));

        // Against a two-dimensional integral over (μ, τ) of Gamma(τ; 3, 2)·N(μ; 1, 2/τ)·N(x; μ, 1/τ).
        DoubleUnaryOperator overMu = t -> {
            if (t == 0) {
                return 0;
            }
            double sd = Math.sqrt(2 / t);
            return simpson(mu -> Math.exp(GammaDist.logDensity(3, 2, t) + Gaussian.logDensity(1, 2 / t, mu)
                    + Gaussian.logDensity(mu, 1 / t, x)), 1 - 12 * sd, 1 + 12 * sd, 600);
        };
        double evidence = simpson(overMu, 0, 30, 1200);
        // The coarser two-dimensional grid is good to about 1e-7 relative.
        assertThat(density(m, x)).isCloseTo(evidence, within(1e-6 * evidence));
        double t = 1.3;
        assertThat(density(tauPost, t)).isCloseTo(overMu.applyAsDouble(t) / evidence, within(1e-6));
        // μ | τ, x at τ = 1.3: the rule's conditional against the joint's slice.
        SymDist muGivenTau = new SymDist.Normal(num((lambda + x) / 1.5), num(1 / (1.5 * t)));
        double slice = overMu.applyAsDouble(t);
        double mu = 1.9;
        double jointAt = Math.exp(GammaDist.logDensity(3, 2, t) + Gaussian.logDensity(1, 2 / t, mu)
                + Gaussian.logDensity(mu, 1 / t, x));
        assertThat(density(muGivenTau, mu)).isCloseTo(jointAt / slice, within(1e-6));
        assertThat(Exprs.eval(((SymDist.Normal) post).var(), id -> id == tau ? num(t) : null))
                .isEqualTo(num(1 / (1.5 * t)));
    }

    @Test
    void scaleFindsConstantMultiplesOnly() {
        Expr e = Exprs.div(num(1), rv(5));
        assertThat(NormalInverseGamma.scale(Exprs.mul(num(2), e), e)).isEqualTo(num(2));
        assertThat(NormalInverseGamma.scale(Exprs.div(e, num(4)), e)).isEqualTo(num(0.25));
        assertThat(NormalInverseGamma.scale(Exprs.mul(e, e), e)).isNull();
        assertThat(NormalInverseGamma.scale(Exprs.div(num(1), e), e)).isNull();
        assertThat(NormalInverseGamma.scale(rv(5), e)).isNull();
    }
}
