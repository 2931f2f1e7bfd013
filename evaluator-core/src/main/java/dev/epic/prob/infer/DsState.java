package dev.epic.prob.infer;

import dev.epic.prob.conj.ConjugacyRule;
import dev.epic.prob.conj.ConjugacyRules;
import dev.epic.prob.rand.RandomStream;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.IntList;
import dev.epic.prob.sym.SymDist;
import java.util.Arrays;

/**
 * Delayed sampling (SIREN.md §4.5): a forest of {@link DsNode}s, each with a single canonical parent and a list of
 * children.
 *
 * <p>{@code assume} evaluates the distribution, then walks its distinct parents in order: a realised parent is
 * substituted; the first marginalised or initialised parent that passes a conjugacy check (on its marginal, or on
 * its conditional if initialised) becomes the canonical parent; a parent before it that fails the check is sampled
 * ({@link Cause#NON_CONJUGATE_CHILD}), and so is every parent after it ({@link Cause#EXTRA_PARENT}). {@code graft} marginalises along the path to a node and prunes a marginalised child
 * of a marginalised node by sampling it ({@link Cause#PRUNED_SIBLING}; at most one marginalised child per node).
 * {@code observe} = graft, score, realise; {@code value} = graft, draw, realise; realising conditions the parent
 * with the rule's posterior and re-marginalises the orphaned children. A marginalisation whose rule fails samples
 * the parent ({@link Cause#NON_CONJUGATE_CHILD}).
 */
public final class DsState extends SymbolicState {
    static final int NODE = 2;
    static final int CHILDREN = 3;
    private static final int[] NONE = new int[0];

    DsState(RandomStream random) {
        super(4, random);
    }

    private DsState(DsState from, RandomStream random) {
        super(from, random);
    }

    @Override
    public SymbolicState copy(RandomStream random) {
        return new DsState(this, random);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.DS;
    }

    private DsNode node(int id) {
        return (DsNode) entries.get(id, NODE);
    }

    private int[] children(int id) {
        int[] c = (int[]) entries.get(id, CHILDREN);
        return c == null ? NONE : c;
    }

    private void addChild(int parent, int child) {
        int[] c = children(parent);
        for (int x : c) {
            if (x == child) {
                return;
            }
        }
        int[] n = Arrays.copyOf(c, c.length + 1);
        n[c.length] = child;
        entries.set(parent, CHILDREN, n);
    }

    private void removeChild(int parent, int child) {
        int[] c = children(parent);
        for (int i = 0; i < c.length; i++) {
            if (c[i] == child) {
                int[] n = new int[c.length - 1];
                System.arraycopy(c, 0, n, 0, i);
                System.arraycopy(c, i + 1, n, i, c.length - i - 1);
                entries.set(parent, CHILDREN, n);
                return;
            }
        }
    }

    @Override
    int assumeImpl(Decl decl, SymDist d) {
        int rv = newVar(decl, d);
        SymDist dist = d.eval(this);
        DsNode node = DsNode.ROOT;
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
                    DsNode pn = node(par);
                    if (pn instanceof DsNode.Realized) {
                        dist = dist.eval(this);
                        continue;
                    }
                    SymDist prior = pn instanceof DsNode.Initialized in ? in.conditional() : distribution(par);
                    if (ConjugacyRules.find(this, prior, dist, par, rv) != null) {
                        addChild(par, rv);
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
                node = new DsNode.Initialized(canonical, dist);
            }
        }
        setDist(rv, dist);
        entries.set(rv, NODE, node);
        return rv;
    }

    @Override
    double observeImpl(int id, Expr value) {
        graft(id);
        if (!(node(id) instanceof DsNode.Marginalized)) {
            throw new IllegalStateException("rv" + id + " is " + node(id) + " after graft");
        }
        double score = logDensityOf(distribution(id), value);
        realize(id, new SymDist.Delta(value, false), Cause.EXPLICIT_VALUE, -1);
        return score;
    }

    @Override
    Expr valueImpl(int id, Cause cause, int other) {
        if (node(id) instanceof DsNode.Realized) {
            // Forcing a realised variable again: its value (the published implementation fails to graft it).
            Expr v = realized(id);
            setDist(id, new SymDist.Delta(v, true), cause, other);
            return v;
        }
        graft(id);
        return doSample(id, cause, other);
    }

    @Override
    void marginalizeImpl(int id) {
        DsNode n = node(id);
        if (n instanceof DsNode.Marginalized) {
            if (children(id).length > 0) {
                graft(id);
            }
        } else if (n instanceof DsNode.Initialized in) {
            if (node(in.parent()) instanceof DsNode.Initialized) {
                marginalizeImpl(in.parent());
            }
            doMarginalize(id);
            if (children(id).length > 0) {
                graft(id);
            }
        }
    }

    private void evalEntry(int id) {
        SymDist d = distribution(id);
        SymDist e = d.eval(this);
        if (e != d) {
            setDist(id, e);
        }
    }

    /** Initialised → marginalised, integrating over the (marginalised or realised) parent. */
    private void doMarginalize(int id) {
        DsNode n = node(id);
        if (!(n instanceof DsNode.Initialized in)) {
            throw new IllegalStateException("rv" + id + " is " + n + ", not initialized");
        }
        int par = in.parent();
        DsNode pn = node(par);
        if (pn instanceof DsNode.Realized) {
            evalEntry(id);
            entries.set(id, NODE, DsNode.ROOT);
        } else if (pn instanceof DsNode.Marginalized) {
            ConjugacyRule rule = ConjugacyRules.find(this, distribution(par), in.conditional(), par, id);
            if (rule != null) {
                setDist(id, rule.marginal(this, distribution(par), in.conditional(), par, id).eval(this));
                entries.set(id, NODE, new DsNode.Marginalized(par, in.conditional()));
            } else {
                valueImpl(par, Cause.NON_CONJUGATE_CHILD, id);
                evalEntry(id);
                entries.set(id, NODE, DsNode.ROOT);
            }
        } else {
            throw new IllegalStateException("cannot marginalize rv" + id + ": its parent rv" + par + " is " + pn);
        }
    }

    private Expr doSample(int id, Cause cause, int other) {
        Expr v = draw(id, distribution(id).eval(this));
        realize(id, new SymDist.Delta(v, true), cause, other);
        return v;
    }

    /** Marginalised → realised: conditions the parent on the value, re-marginalises the orphaned children. */
    private void realize(int id, SymDist.Delta x, Cause cause, int other) {
        DsNode n = node(id);
        if (n instanceof DsNode.Marginalized m && m.parent() >= 0) {
            int par = m.parent();
            if (!(node(par) instanceof DsNode.Marginalized)) {
                throw new IllegalStateException("rv" + par + " is " + node(par) + " while its child rv" + id + " is realized");
            }
            ConjugacyRule rule = ConjugacyRules.find(this, distribution(par), m.conditional(), par, id);
            if (rule == null) {
                throw new IllegalStateException("cannot realize rv" + id + ": rv" + par + " is not conjugate");
            }
            setDist(par, rule.posterior(this, distribution(par), m.conditional(), par, id, x.value()).eval(this));
            removeChild(par, id);
        } else if (!(n instanceof DsNode.Marginalized)) {
            throw new IllegalStateException("cannot realize rv" + id + ": it is " + n);
        }
        setDist(id, x, cause, other);
        entries.set(id, NODE, DsNode.REALIZED);
        int[] orphans = children(id);
        entries.set(id, CHILDREN, NONE);
        for (int c : orphans) {
            doMarginalize(c);
        }
    }

    /** Makes {@code id} a terminal node: marginalised, without a marginalised child. */
    private void graft(int id) {
        DsNode n = node(id);
        if (n instanceof DsNode.Marginalized) {
            int c = marginalChild(id);
            if (c >= 0) {
                prune(c, id);
            }
        } else if (n instanceof DsNode.Initialized in) {
            graft(in.parent());
            doMarginalize(id);
        } else {
            throw new IllegalStateException("cannot graft rv" + id + ": it is realized");
        }
    }

    private void prune(int id, int grafted) {
        int c = marginalChild(id);
        if (c >= 0) {
            prune(c, grafted);
        }
        valueImpl(id, Cause.PRUNED_SIBLING, grafted);
    }

    private int marginalChild(int id) {
        for (int c : children(id)) {
            if (node(c) instanceof DsNode.Marginalized) {
                return c;
            }
        }
        return -1;
    }
}
