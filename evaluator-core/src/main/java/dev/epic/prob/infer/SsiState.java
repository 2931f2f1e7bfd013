package dev.epic.prob.infer;

import dev.epic.prob.conj.ConjugacyRules;
import dev.epic.prob.conj.Swap;
import dev.epic.prob.rand.RandomStream;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.IntList;
import dev.epic.prob.sym.SymDist;
import dev.epic.prob.sym.SymWork;

/**
 * Semi-symbolic inference (SIREN.md §4.4): the state is an arbitrary DAG of symbolic distributions; {@code assume}
 * only records the distribution, and {@code observe}, {@code value}, {@code marginalize} (hence {@code mean}) first
 * hoist the variable to a root.
 *
 * <p>{@code hoist(rv)}: (1) topologically sort its distinct parents (depth-first post-order over the parents'
 * ancestors, ties in first-insertion order, i.e. the order the parents occur in the distribution); (2) hoist each
 * parent in that order, treating parents already hoisted at this level or above as roots ("ghost roots"); (3) for
 * the parents in reverse order, except those that were ghost roots on entry, swap parent and child with the first
 * conjugacy rule that applies (the child gets the marginal, the parent the posterior, which then mentions the
 * child); a swap is refused (an {@link IllegalStateException}, as in the published implementation) if the child
 * reaches the parent through another path; (4) if no rule applies, the hoist stops with the non-conjugate parent,
 * which is sampled before the hoist is retried. Before a variable's parents are read its distribution is
 * re-evaluated, which substitutes realised variables as the published implementation's evaluation of the whole
 * ancestor closure does.
 */
public final class SsiState extends SymbolicState {
    /** The child of the last failed swap. */
    private int failedChild = -1;
    /** During an observe: the observed variable and its value, used as x in the posteriors of its swaps. */
    private int observed = -1;
    private Expr observedValue;

    SsiState(RandomStream random) {
        super(2, random);
    }

    private SsiState(SsiState from, RandomStream random) {
        super(from, random);
    }

    @Override
    public SymbolicState copy(RandomStream random) {
        return new SsiState(this, random);
    }

    @Override
    public Algorithm algorithm() {
        return Algorithm.SSI;
    }

    @Override
    int assumeImpl(Decl decl, SymDist d) {
        return newVar(decl, d);
    }

    @Override
    double observeImpl(int id, Expr value) {
        // The value is known before the hoist, so the parents' posteriors are built with it directly rather than
        // with the observed variable, to be substituted on a later evaluation: the same distributions once that
        // evaluation is done, without the intermediate symbolic terms.
        observed = id;
        observedValue = value;
        try {
            hoistOrSample(id);
        } finally {
            observed = -1;
            observedValue = null;
        }
        double score = logDensityOf(distribution(id), value);
        setDist(id, new SymDist.Delta(value, false));
        return score;
    }

    @Override
    Expr valueImpl(int id, Cause cause, int other) {
        hoistOrSample(id);
        Expr v = draw(id, distribution(id));
        setDist(id, new SymDist.Delta(v, true), cause, other);
        return v;
    }

    @Override
    void marginalizeImpl(int id) {
        hoistOrSample(id);
    }

    /** Hoists {@code id}, sampling each non-conjugate parent that stops the hoist and retrying. */
    private void hoistOrSample(int id) {
        int parent;
        while ((parent = hoistAndEval(id)) >= 0) {
            valueImpl(parent, Cause.NON_CONJUGATE_CHILD, failedChild);
        }
    }

    /** Makes {@code id} a root with an evaluated distribution; or returns the non-conjugate parent that stopped it. */
    private int hoistAndEval(int id) {
        ws.levels.clear();
        ws.ghosts.clear();
        // Nothing is realised during a hoist, so each distribution is evaluated at most once per hoist.
        ws.newEvaluations();
        int stopped = hoist(id);
        if (stopped >= 0) {
            return stopped;
        }
        SymDist d = distribution(id);
        SymDist e = d.eval(this);
        if (e != d) {
            setDist(id, e);
        }
        return -1;
    }

    private int hoist(int cur) {
        IntList levels = ws.levels;
        IntList ghosts = ws.ghosts;
        int start = levels.size();
        sortedParents(cur);
        int end = levels.size();
        int ghostsOnEntry = ghosts.size();
        for (int i = start; i < end; i++) {
            int par = levels.get(i);
            if (ghosts.indexOf(par, 0, ghosts.size()) < 0) {
                int stopped = hoist(par);
                if (stopped >= 0) {
                    return stopped;
                }
                ghosts.add(par);
            }
        }
        for (int i = end - 1; i >= start; i--) {
            int par = levels.get(i);
            if (ghosts.indexOf(par, 0, ghostsOnEntry) < 0) {
                if (!canSwap(par, cur)) {
                    throw new IllegalStateException("cannot swap rv" + par + " and rv" + cur + ": another path links them");
                }
                if (!swap(par, cur)) {
                    failedChild = cur;
                    return par;
                }
            }
        }
        ghosts.truncate(ghostsOnEntry);
        levels.truncate(start);
        return -1;
    }

    /** Appends the distinct parents of {@code cur} to {@code ws.levels} in topological order. */
    private void sortedParents(int cur) {
        IntList levels = ws.levels;
        int start = levels.size();
        parents(cur, levels);
        int mid = levels.size();
        if (mid - start <= 1) {
            return;
        }
        IntList order = ws.order;
        order.clear();
        ws.newMarks();
        for (int i = start; i < mid; i++) {
            visit(levels.get(i), order);
        }
        int w = mid;
        for (int i = 0, n = order.size(); i < n; i++) {
            int v = order.get(i);
            if (levels.indexOf(v, start, mid) >= 0) {
                levels.add(v);
                w++;
            }
        }
        for (int i = mid; i < w; i++) {
            levels.set(start + i - mid, levels.get(i));
        }
        levels.truncate(mid);
    }

    /** Depth-first post-order over ancestors. */
    private void visit(int v, IntList order) {
        if (!ws.mark(v)) {
            return;
        }
        IntList stack = ws.parents;
        int from = stack.size();
        parents(v, stack);
        int to = stack.size();
        for (int i = from; i < to; i++) {
            visit(stack.get(i), order);
        }
        stack.truncate(from);
        order.add(v);
    }

    /** Evaluates {@code v}'s distribution (storing it if it changed) and appends its distinct parents to {@code out}. */
    private void parents(int v, IntList out) {
        // A hoist over many variables with small distributions makes only small walks, which do not tick.
        SymWork.current().tick();
        SymDist d = distribution(v);
        if (ws.firstEvaluation(v)) {
            SymDist e = d.eval(this);
            if (e != d) {
                setDist(v, e);
                d = e;
            }
        }
        distinctRvs(d, out);
    }

    /** The child mentions the parent, and no other variable of the child's distribution depends on the parent. */
    private boolean canSwap(int par, int cur) {
        SymDist d = distribution(cur);
        if (!d.mentions(par)) {
            return false;
        }
        IntList stack = ws.parents;
        int from = stack.size();
        distinctRvs(d, stack);
        int to = stack.size();
        boolean ok = true;
        if (to - from > 1) {
            ws.newMarks();
            for (int i = from; i < to && ok; i++) {
                int r = stack.get(i);
                ok = r == par || !dependsOn(r, par);
            }
        }
        stack.truncate(from);
        return ok;
    }

    private boolean dependsOn(int r, int target) {
        if (!ws.mark(r)) {
            return false;
        }
        IntList stack = ws.parents;
        int from = stack.size();
        parents(r, stack);
        int to = stack.size();
        boolean found = false;
        for (int i = from; i < to && !found; i++) {
            int q = stack.get(i);
            found = q == target || dependsOn(q, target);
        }
        stack.truncate(from);
        return found;
    }

    private boolean swap(int par, int cur) {
        Expr x = cur == observed ? observedValue : Exprs.rv(cur);
        Swap swap = ws.swap;
        if (!ConjugacyRules.swap(this, distribution(par), distribution(cur), par, cur, x, swap)) {
            return false;
        }
        setDist(par, swap.posterior);
        setDist(cur, swap.marginal);
        return true;
    }
}
