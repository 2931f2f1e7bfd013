package dev.epic.prob.sym;

import static dev.epic.prob.sym.Exprs.add;
import static dev.epic.prob.sym.Exprs.div;
import static dev.epic.prob.sym.Exprs.eq;
import static dev.epic.prob.sym.Exprs.isConst;
import static dev.epic.prob.sym.Exprs.ite;
import static dev.epic.prob.sym.Exprs.lt;
import static dev.epic.prob.sym.Exprs.mul;

import dev.epic.prob.sym.Expr.Add;
import dev.epic.prob.sym.Expr.Div;
import dev.epic.prob.sym.Expr.Eq;
import dev.epic.prob.sym.Expr.Ite;
import dev.epic.prob.sym.Expr.Lt;
import dev.epic.prob.sym.Expr.Mul;
import dev.epic.prob.sym.Expr.RandomVar;

/**
 * The recursive walks over expressions behind {@link Exprs}: evaluation and substitution, {@code mentions}, and the
 * random variables of an expression. Expressions are DAGs (a value used twice is one object), so a walk that
 * treated them as trees could take time exponential in their size. Each walk therefore starts as a plain tree walk
 * with a budget of {@link #SMALL_WALK} visits (no table: nearly every expression a program builds is that small)
 * and, past it, memoises by node identity, so each shared node is visited once; large walks tick the thread's
 * {@link SymWork} guard once per node.
 */
final class ExprWalks {
    private ExprWalks() {}

    static Expr eval(Expr e, Valuation values, int id, Expr value) {
        if (isConst(e)) {
            return e;
        }
        if (e instanceof RandomVar v) {
            if (v.id() == id) {
                return value;
            }
            Expr realized = values.realized(v.id());
            if (realized == null || isConst(realized)) {
                return realized == null ? e : realized;
            }
        }
        int[] budget = {SMALL_WALK};
        Expr small = evalSmall(e, values, id, value, budget);
        if (small != null) {
            return small;
        }
        Evaluator ev = new Evaluator(values, id, value, SymWork.current());
        try {
            return ev.eval(e);
        } finally {
            ev.close();
        }
    }

    /**
     * The plain evaluation of a small expression, as a tree: null if it needs more than {@code budget[0]} visits
     * (then the caller starts over with an {@link Evaluator}; the work lost is bounded).
     */
    private static Expr evalSmall(Expr e, Valuation values, int id, Expr value, int[] budget) {
        if (isConst(e)) {
            return e;
        }
        if (e instanceof RandomVar v) {
            if (v.id() == id) {
                return value;
            }
            Expr realized = values.realized(v.id());
            return realized == null ? e : evalSmall(realized, values, id, value, budget);
        }
        if (--budget[0] < 0) {
            return null;
        }
        Expr l;
        Expr r;
        if (e instanceof Add a) {
            return (l = evalSmall(a.left(), values, id, value, budget)) == null
                    || (r = evalSmall(a.right(), values, id, value, budget)) == null ? null : add(l, r, a, null);
        }
        if (e instanceof Mul m) {
            return (l = evalSmall(m.left(), values, id, value, budget)) == null
                    || (r = evalSmall(m.right(), values, id, value, budget)) == null ? null : mul(l, r, m, null);
        }
        if (e instanceof Div d) {
            return (l = evalSmall(d.left(), values, id, value, budget)) == null
                    || (r = evalSmall(d.right(), values, id, value, budget)) == null ? null : div(l, r, d, null);
        }
        if (e instanceof Ite i) {
            Expr c = evalSmall(i.cond(), values, id, value, budget);
            if (c == null) {
                return null;
            }
            if (c.isConstant() && !Exprs.isUnknown(c)) {
                return evalSmall(Expr.truth(c) ? i.then() : i.otherwise(), values, id, value, budget);
            }
            return (l = evalSmall(i.then(), values, id, value, budget)) == null
                    || (r = evalSmall(i.otherwise(), values, id, value, budget)) == null ? null : ite(c, l, r, i, null);
        }
        if (e instanceof Eq q) {
            return (l = evalSmall(q.left(), values, id, value, budget)) == null
                    || (r = evalSmall(q.right(), values, id, value, budget)) == null ? null : eq(l, r, q, null);
        }
        if (e instanceof Lt lt) {
            return (l = evalSmall(lt.left(), values, id, value, budget)) == null
                    || (r = evalSmall(lt.right(), values, id, value, budget)) == null ? null : lt(l, r, lt, null);
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    /**
     * Walks that visit more nodes than this memoise (and hash-cons what they build) from then on; smaller ones,
     * nearly all of them, cost no table. The first {@value} visits of a large walk may repeat work: a bounded cost.
     */
    static final int SMALL_WALK = 48;

    /**
     * One evaluation: past {@link #SMALL_WALK} visits each shared node is evaluated once (identity memo) and the
     * nodes built are hash-consed ({@link Interner}), so an expression built by sharing costs time linear in its
     * number of distinct nodes, and the result shares as the input did.
     */
    private static final class Evaluator {
        private final Valuation values;
        private final int id;
        private final Expr value;
        private final SymWork work;
        private IdentityMemo memo;
        private Interner in;
        private int visits;

        Evaluator(Valuation values, int id, Expr value, SymWork work) {
            this.values = values;
            this.id = id;
            this.value = value;
            this.work = work;
        }

        void close() {
            if (memo != null) {
                work.release(memo);
                memo = null;
            }
        }

        Expr eval(Expr e) {
            if (isConst(e)) {
                return e;
            }
            if (e instanceof RandomVar v) {
                if (v.id() == id) {
                    return value;
                }
                Expr realized = values.realized(v.id());
                return realized == null ? e : eval(realized);
            }
            if (memo != null) {
                Object known = memo.get(e);
                if (known != null) {
                    return (Expr) known;
                }
            } else if (++visits > SMALL_WALK) {
                memo = work.memo();
                in = work.interner();
            }
            Expr r = evalNode(e);
            if (r != e && !isConst(r)) {
                work.built();
            } else {
                work.tick();
            }
            if (memo != null) {
                memo.put(e, r);
            }
            return r;
        }

        private Expr evalNode(Expr e) {
            if (e instanceof Add a) {
                return add(eval(a.left()), eval(a.right()), a, in);
            }
            if (e instanceof Mul m) {
                return mul(eval(m.left()), eval(m.right()), m, in);
            }
            if (e instanceof Div d) {
                return div(eval(d.left()), eval(d.right()), d, in);
            }
            if (e instanceof Ite i) {
                Expr c = eval(i.cond());
                if (c.isConstant() && !Exprs.isUnknown(c)) {
                    return eval(Expr.truth(c) ? i.then() : i.otherwise());
                }
                return ite(c, eval(i.then()), eval(i.otherwise()), i, in);
            }
            if (e instanceof Eq q) {
                return eq(eval(q.left()), eval(q.right()), q, in);
            }
            if (e instanceof Lt l) {
                return lt(eval(l.left()), eval(l.right()), l, in);
            }
            throw new IllegalStateException("unknown expression " + e);
        }
    }

    /** True if random variable {@code id} occurs in {@code e}; each shared node is looked at once. */
    static boolean mentions(Expr e, int id) {
        if (isConst(e)) {
            return false;
        }
        if (e instanceof RandomVar v) {
            return v.id() == id;
        }
        int small = mentionsSmall(e, id, SMALL_WALK);
        if (small != -1) {
            return small == -2;
        }
        Mentions m = new Mentions(id, SymWork.current());
        try {
            return m.in(e);
        } finally {
            m.close();
        }
    }

    /**
     * The plain walk of {@link #mentions} for a small expression: −2 if found, −1 if {@code budget} visits ran out,
     * else what is left of the budget.
     */
    private static int mentionsSmall(Expr e, int id, int budget) {
        if (isConst(e)) {
            return budget;
        }
        if (e instanceof RandomVar v) {
            return v.id() == id ? -2 : budget;
        }
        if (--budget < 0) {
            return -1;
        }
        if (e instanceof Add a) {
            return (budget = mentionsSmall(a.left(), id, budget)) < 0 ? budget : mentionsSmall(a.right(), id, budget);
        }
        if (e instanceof Mul m) {
            return (budget = mentionsSmall(m.left(), id, budget)) < 0 ? budget : mentionsSmall(m.right(), id, budget);
        }
        if (e instanceof Div d) {
            return (budget = mentionsSmall(d.left(), id, budget)) < 0 ? budget : mentionsSmall(d.right(), id, budget);
        }
        if (e instanceof Eq q) {
            return (budget = mentionsSmall(q.left(), id, budget)) < 0 ? budget : mentionsSmall(q.right(), id, budget);
        }
        if (e instanceof Lt l) {
            return (budget = mentionsSmall(l.left(), id, budget)) < 0 ? budget : mentionsSmall(l.right(), id, budget);
        }
        if (e instanceof Ite i) {
            if ((budget = mentionsSmall(i.cond(), id, budget)) < 0 || (budget = mentionsSmall(i.then(), id, budget)) < 0) {
                return budget;
            }
            return mentionsSmall(i.otherwise(), id, budget);
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    /** One {@link #mentions} walk; past {@link #SMALL_WALK} visits it remembers the nodes found not to mention id. */
    private static final class Mentions {
        private final int id;
        private final SymWork work;
        private IdentityMemo without;
        private int visits;

        Mentions(int id, SymWork work) {
            this.id = id;
            this.work = work;
        }

        void close() {
            if (without != null) {
                work.release(without);
            }
        }

        boolean in(Expr e) {
            if (isConst(e)) {
                return false;
            }
            if (e instanceof RandomVar v) {
                return v.id() == id;
            }
            if (without != null) {
                if (without.get(e) != null) {
                    return false;
                }
            } else if (++visits > SMALL_WALK) {
                without = work.memo();
            }
            work.tick();
            boolean found;
            if (e instanceof Add a) {
                found = in(a.left()) || in(a.right());
            } else if (e instanceof Mul m) {
                found = in(m.left()) || in(m.right());
            } else if (e instanceof Div d) {
                found = in(d.left()) || in(d.right());
            } else if (e instanceof Eq q) {
                found = in(q.left()) || in(q.right());
            } else if (e instanceof Lt l) {
                found = in(l.left()) || in(l.right());
            } else if (e instanceof Ite i) {
                found = in(i.cond()) || in(i.then()) || in(i.otherwise());
            } else {
                throw new IllegalStateException("unknown expression " + e);
            }
            if (!found && without != null) {
                without.put(e, Boolean.FALSE);
            }
            return found;
        }
    }

    /** {@link Expr#collectRvs}: left to right, duplicates included. */
    static void collectRvs(Expr e, IntList out) {
        if (e instanceof RandomVar v) {
            out.add(v.id());
            return;
        }
        if (isConst(e)) {
            return;
        }
        SymWork.current().tick();
        if (e instanceof Add a) {
            collectRvs(a.left(), out);
            collectRvs(a.right(), out);
        } else if (e instanceof Mul m) {
            collectRvs(m.left(), out);
            collectRvs(m.right(), out);
        } else if (e instanceof Div d) {
            collectRvs(d.left(), out);
            collectRvs(d.right(), out);
        } else if (e instanceof Eq q) {
            collectRvs(q.left(), out);
            collectRvs(q.right(), out);
        } else if (e instanceof Lt l) {
            collectRvs(l.left(), out);
            collectRvs(l.right(), out);
        } else if (e instanceof Ite i) {
            collectRvs(i.cond(), out);
            collectRvs(i.then(), out);
            collectRvs(i.otherwise(), out);
        } else {
            throw new IllegalStateException("unknown expression " + e);
        }
    }

    /**
     * Appends to {@code out} the random variables of {@code d}'s parameters that are not yet in it from index
     * {@code from} on, in order of first occurrence (parameters in order, each left to right), looking at each
     * shared node once: the distinct variables of {@link SymDist#collectRvs} in the same order.
     */
    static void distinctRvs(SymDist d, IntList out, int from) {
        int size = out.size();
        int budget = SMALL_WALK;
        for (int i = 0, n = d.arity(); i < n && budget >= 0; i++) {
            budget = smallRvs(d.param(i), out, from, budget);
        }
        if (budget >= 0) {
            return;
        }
        out.truncate(size);
        SymWork work = SymWork.current();
        // A distribution is immutable and a hoist asks for the same large ones' variables many times: remembered.
        int[] known = work.knownRvs(d);
        if (known == null) {
            IdentityMemo seen = work.memo();
            IntList mine = new IntList(4);
            try {
                for (int i = 0, n = d.arity(); i < n; i++) {
                    distinctRvs(d.param(i), mine, 0, seen, work);
                }
            } finally {
                work.release(seen);
            }
            known = mine.toArray();
            work.rememberRvs(d, known);
        }
        for (int v : known) {
            if (out.indexOf(v, from, out.size()) < 0) {
                out.add(v);
            }
        }
    }

    /** The plain walk for a small expression: what is left of {@code budget} visits, or −1 if they ran out. */
    private static int smallRvs(Expr e, IntList out, int from, int budget) {
        if (isConst(e)) {
            return budget;
        }
        if (e instanceof RandomVar v) {
            if (out.indexOf(v.id(), from, out.size()) < 0) {
                out.add(v.id());
            }
            return budget;
        }
        if (--budget < 0) {
            return -1;
        }
        if (e instanceof Add a) {
            budget = smallRvs(a.left(), out, from, budget);
            return budget < 0 ? -1 : smallRvs(a.right(), out, from, budget);
        }
        if (e instanceof Mul m) {
            budget = smallRvs(m.left(), out, from, budget);
            return budget < 0 ? -1 : smallRvs(m.right(), out, from, budget);
        }
        if (e instanceof Div dv) {
            budget = smallRvs(dv.left(), out, from, budget);
            return budget < 0 ? -1 : smallRvs(dv.right(), out, from, budget);
        }
        if (e instanceof Eq q) {
            budget = smallRvs(q.left(), out, from, budget);
            return budget < 0 ? -1 : smallRvs(q.right(), out, from, budget);
        }
        if (e instanceof Lt l) {
            budget = smallRvs(l.left(), out, from, budget);
            return budget < 0 ? -1 : smallRvs(l.right(), out, from, budget);
        }
        if (e instanceof Ite i) {
            budget = smallRvs(i.cond(), out, from, budget);
            budget = budget < 0 ? -1 : smallRvs(i.then(), out, from, budget);
            return budget < 0 ? -1 : smallRvs(i.otherwise(), out, from, budget);
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    private static void distinctRvs(Expr e, IntList out, int from, IdentityMemo seen, SymWork work) {
        if (isConst(e)) {
            return;
        }
        if (e instanceof RandomVar v) {
            if (out.indexOf(v.id(), from, out.size()) < 0) {
                out.add(v.id());
            }
            return;
        }
        if (seen.get(e) != null) {
            return;
        }
        work.tick();
        seen.put(e, Boolean.TRUE);
        if (e instanceof Add a) {
            distinctRvs(a.left(), out, from, seen, work);
            distinctRvs(a.right(), out, from, seen, work);
        } else if (e instanceof Mul m) {
            distinctRvs(m.left(), out, from, seen, work);
            distinctRvs(m.right(), out, from, seen, work);
        } else if (e instanceof Div dv) {
            distinctRvs(dv.left(), out, from, seen, work);
            distinctRvs(dv.right(), out, from, seen, work);
        } else if (e instanceof Eq q) {
            distinctRvs(q.left(), out, from, seen, work);
            distinctRvs(q.right(), out, from, seen, work);
        } else if (e instanceof Lt l) {
            distinctRvs(l.left(), out, from, seen, work);
            distinctRvs(l.right(), out, from, seen, work);
        } else if (e instanceof Ite i) {
            distinctRvs(i.cond(), out, from, seen, work);
            distinctRvs(i.then(), out, from, seen, work);
            distinctRvs(i.otherwise(), out, from, seen, work);
        } else {
            throw new IllegalStateException("unknown expression " + e);
        }
    }
}
