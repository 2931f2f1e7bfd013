package dev.epic.prob.conj;

import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.SymDist;

/**
 * The seven rules of SIREN.md §4.3 and the order in which they are tried for a (parent, child) pair: by the
 * families of prior and likelihood, and for Normal–Normal rule 1 then rule 7.
 */
public final class ConjugacyRules {
    public static final ConjugacyRule AFFINE_GAUSSIAN = new AffineGaussian();
    public static final ConjugacyRule BERNOULLI_BERNOULLI = new BernoulliBernoulli();
    public static final ConjugacyRule BETA_BERNOULLI = new BetaBernoulli();
    public static final ConjugacyRule BETA_BINOMIAL = new BetaBinomial();
    public static final ConjugacyRule GAMMA_POISSON = new GammaPoisson();
    public static final ConjugacyRule GAMMA_NORMAL_PRECISION = new GammaNormalPrecision();
    public static final ConjugacyRule NORMAL_INVERSE_GAMMA = new NormalInverseGamma();

    private ConjugacyRules() {}

    /** The first of the seven rules that applies to the pair, or null (SSI and DS). */
    public static ConjugacyRule find(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child) {
        if (prior instanceof SymDist.Normal) {
            if (likelihood instanceof SymDist.Normal) {
                if (AFFINE_GAUSSIAN.applies(ctx, prior, likelihood, parent, child)) {
                    return AFFINE_GAUSSIAN;
                }
                return NORMAL_INVERSE_GAMMA.applies(ctx, prior, likelihood, parent, child) ? NORMAL_INVERSE_GAMMA : null;
            }
            return null;
        }
        ConjugacyRule rule = candidate(prior, likelihood);
        return rule != null && rule.applies(ctx, prior, likelihood, parent, child) ? rule : null;
    }

    /**
     * Swaps with the first rule that applies (as {@link #find}), writing the child's marginal and the parent's
     * posterior given {@code x} into {@code out}; false if none applies.
     */
    public static boolean swap(RuleContext ctx, SymDist prior, SymDist likelihood, int parent, int child, Expr x,
            Swap out) {
        if (prior instanceof SymDist.Normal) {
            return likelihood instanceof SymDist.Normal
                    && (AFFINE_GAUSSIAN.swap(ctx, prior, likelihood, parent, child, x, out)
                            || NORMAL_INVERSE_GAMMA.swap(ctx, prior, likelihood, parent, child, x, out));
        }
        ConjugacyRule rule = candidate(prior, likelihood);
        return rule != null && rule.swap(ctx, prior, likelihood, parent, child, x, out);
    }

    /** Rule 1 if it applies, else null (BP: affine Gaussian only). */
    public static ConjugacyRule findGaussian(RuleContext ctx, SymDist prior, SymDist likelihood, int parent,
            int child) {
        return AFFINE_GAUSSIAN.applies(ctx, prior, likelihood, parent, child) ? AFFINE_GAUSSIAN : null;
    }

    private static ConjugacyRule candidate(SymDist prior, SymDist likelihood) {
        if (prior instanceof SymDist.Bernoulli) {
            return likelihood instanceof SymDist.Bernoulli ? BERNOULLI_BERNOULLI : null;
        }
        if (prior instanceof SymDist.Beta) {
            return likelihood instanceof SymDist.Bernoulli ? BETA_BERNOULLI
                    : likelihood instanceof SymDist.Binomial ? BETA_BINOMIAL : null;
        }
        if (prior instanceof SymDist.Gamma) {
            return likelihood instanceof SymDist.Poisson ? GAMMA_POISSON
                    : likelihood instanceof SymDist.Normal ? GAMMA_NORMAL_PRECISION : null;
        }
        return null;
    }
}
