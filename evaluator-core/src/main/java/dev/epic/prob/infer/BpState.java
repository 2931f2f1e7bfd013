package dev.epic.prob.infer;

import dev.epic.prob.conj.ConjugacyRules;
import dev.epic.prob.conj.Swap;
import dev.epic.prob.rand.RandomStream;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.IntList;
import dev.epic.prob.sym.SymDist;

/**
 * Belief propagation as in OnlineSampling.jl (SIREN.md §4.6): nodes initialised (with one canonical parent),
 * marginalised or realised, as in delayed sampling, but with the affine Gaussian rule (rule 1) only: any other
 * parent–child pair samples the parent.
 *
 * <p>{@code assume} keeps the first parent that passes rule 1's check, samples those before it
 * ({@link Cause#NON_CONJUGATE_CHILD}) and every one after it ({@link Cause#EXTRA_PARENT}). {@code marginalize} marginalises the parent recursively and swaps (the child gets
 * the marginal and becomes a root, the parent the posterior, initialised with the child as its parent), sampling
 * the parent if the swap fails ({@link Cause#NON_CONJUGATE_CHILD}); {@code observe} on an initialised node
 * marginalises the parent, swaps, scores and realises, then evaluates the parent's posterior.
 */
public final class BpState extends SymbolicState {
    static final int PARENT = 2;
    /** PARENT slot values: the canonical parent's (shared) RandomVar for an initialised node, these markers otherwise. */
    private static final Object MARGINALIZED = "marginalized";
    private static final Object REALIZED = "realized";

    BpState(RandomStream random) {
        super(3, random);
    }

    private BpState(BpState from, RandomStream random) {
        super(from, random);
    }

    @Override
    public SymbolicState copy(RandomStream random) {
        return new BpState(this, random);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.BP;
    }

    /** The canonical parent of an initialised node, or −1. */
    private int parent(int id) {
        return entries.get(id, PARENT) instanceof Expr.RandomVar p ? p.id() : -1;
    }

    private boolean isRealized(int id) {
        return entries.get(id, PARENT) == REALIZED;
    }

    @Override
    int assumeImpl(Decl decl, SymDist d) {
        int rv = newVar(decl, d);
        SymDist dist = d.eval(this);
        Object node = MARGINALIZED;
        IntList parents = new IntList(4);
        distinctRvs(dist, parents);
        if (parents.size() > 0) {
            int canonical = -1;
            for (int i = 0; i < parents.size(); i++) {
                int par = parents.get(i);
                if (!dist.mentions(par)) {
                    continue;
                }
                if (canonical < 0) {
                    if (isRealized(par)) {
                        dist = dist.eval(this);
                        continue;
                    }
                    if (ConjugacyRules.findGaussian(this, distribution(par), dist, par, rv) != null) {
                        canonical = par;
                        continue;
                    }
                }
                valueImpl(par, canonical < 0 ? Cause.NON_CONJUGATE_CHILD : Cause.EXTRA_PARENT, rv);
                dist = dist.eval(this);
            }
            parents.clear();
            distinctRvs(dist, parents);
            if (parents.size() > 0) {
                node = Exprs.rv(canonical);
            }
        }
        setDist(rv, dist);
        entries.set(rv, PARENT, node);
        return rv;
    }

    @Override
    double observeImpl(int id, Expr value) {
        while (true) {
            if (isRealized(id)) {
                throw new IllegalStateException("rv" + id + " observed twice");
            }
            int par = parent(id);
            if (par < 0) {
                double score = logDensityOf(distribution(id), value);
                intervene(id, new SymDist.Delta(value, false), Cause.EXPLICIT_VALUE, -1);
                return score;
            }
            marginalizeImpl(par);
            if (condition(par, id)) {
                double score = logDensityOf(distribution(id), value);
                intervene(id, new SymDist.Delta(value, false), Cause.EXPLICIT_VALUE, -1);
                setDist(par, distribution(par).eval(this));
                entries.set(par, PARENT, MARGINALIZED);
                return score;
            }
            valueImpl(par, Cause.NON_CONJUGATE_CHILD, id);
        }
    }

    @Override
    Expr valueImpl(int id, Cause cause, int other) {
        marginalizeImpl(id);
        if (parent(id) >= 0) {
            throw new IllegalStateException("rv" + id + " is still initialized after marginalize");
        }
        Expr v = draw(id, distribution(id).eval(this));
        intervene(id, new SymDist.Delta(v, true), cause, other);
        return v;
    }

    @Override
    void marginalizeImpl(int id) {
        int par;
        while ((par = parent(id)) >= 0) {
            marginalizeImpl(par);
            if (condition(par, id)) {
                return;
            }
            valueImpl(par, Cause.NON_CONJUGATE_CHILD, id);
        }
    }

    private void intervene(int id, SymDist.Delta v, Cause cause, int other) {
        entries.set(id, PARENT, REALIZED);
        setDist(id, v, cause, other);
    }

    /** Makes the child a marginalised root and the parent its conditional (rule 1, or a realised parent). */
    private boolean condition(int par, int child) {
        SymDist prior = distribution(par);
        SymDist likelihood = distribution(child);
        SymDist marginal;
        SymDist posterior;
        if (prior instanceof SymDist.Delta delta) {
            marginal = likelihood.eval(this);
            posterior = delta;
        } else {
            Swap swap = ws.swap;
            if (!(prior instanceof SymDist.Normal && likelihood instanceof SymDist.Normal
                    && ConjugacyRules.AFFINE_GAUSSIAN.swap(this, prior, likelihood, par, child, Exprs.rv(child), swap))) {
                return false;
            }
            marginal = swap.marginal;
            posterior = swap.posterior;
        }
        setDist(par, posterior);
        setDist(child, marginal);
        entries.set(child, PARENT, MARGINALIZED);
        if (!isRealized(par)) {
            entries.set(par, PARENT, Exprs.rv(child));
        }
        return true;
    }
}
