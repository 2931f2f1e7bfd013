package dev.epic.prob.infer;

import dev.epic.prob.conj.RuleContext;
import dev.epic.prob.rand.RandomStream;
import dev.epic.prob.sym.Affine;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.IntList;
import dev.epic.prob.sym.SymDist;
import dev.epic.prob.sym.SymWork;
import java.util.IdentityHashMap;

/**
 * One particle's symbolic state and the hybrid inference interface of SIREN.md §4.2, shared by the algorithms
 * ({@link SsiState}, {@link DsState}, {@link BpState}; DS and BP add their node fields).
 *
 * <p>Entries map a random-variable id to its declaration ({@link Decl}: program variable, annotation, site; null
 * for the anonymous variable of an observation) and distribution, plus algorithm fields. Every write of a
 * distribution goes through {@link #setDist}, which enforces the plan: storing a sampled {@code Delta} for a
 * {@code symbolic} variable throws {@link PlanViolation} with the {@link Trigger} that forced it.
 *
 * <p>The public operations take the caller's opaque {@code site} (where in the program the operation happens); it
 * is reported with a violation. A state is run by one thread at a time; {@link #copy} is O(1) and shares
 * structure.
 */
public abstract class SymbolicState implements RuleContext {
    static final int DIST = 0;
    static final int DECL = 1;

    final EntryTable entries;
    RandomStream random;
    Workspace ws = Workspace.current();
    private Operation operation = Operation.VALUE;
    /** Deltas stored so far (a variable realised): a walk's evaluated expressions are current while it stands. */
    private int realizations;
    private Object operationSite;
    /** Static analysis: draws, densities and means are {@link Exprs#UNKNOWN}, nothing numeric is computed. */
    private boolean unknownNumbers;

    SymbolicState(int stride, RandomStream random) {
        this.entries = new EntryTable(stride);
        this.random = random;
    }

    /** For {@link #copy}: shares the entries' nodes. */
    SymbolicState(SymbolicState from, RandomStream random) {
        this.entries = from.entries.copy();
        this.random = random;
        this.unknownNumbers = from.unknownNumbers;
    }

    /** A new, empty state of the given algorithm drawing from {@code random}. */
    public static SymbolicState create(Algorithm algorithm, RandomStream random) {
        return switch (algorithm) {
            case SSI -> new SsiState(random);
            case DS -> new DsState(random);
            case BP -> new BpState(random);
        };
    }

    /** A copy sharing structure with this state, drawing from {@code random} (a particle's duplicate). */
    public abstract SymbolicState copy(RandomStream random);

    public abstract Algorithm algorithm();

    public RandomStream random() {
        return random;
    }

    // ---- the hybrid inference interface ------------------------------------------------------------------------

    /**
     * {@code let [annotation] name <- d}: registers a new random variable and returns the value to bind: the random
     * variable, or for a {@code sample} declaration its drawn value. {@code decl} null makes an anonymous variable.
     */
    public final Expr assume(Decl decl, SymDist d) {
        enter(Operation.ASSUME, decl == null ? null : decl.site());
        int id = assumeImpl(decl, d);
        if (decl != null && decl.annotation() == Annotation.SAMPLE) {
            return valueImpl(id, Cause.SAMPLE_ANNOTATION, -1);
        }
        return Exprs.rv(id);
    }

    /**
     * {@code observe(d, value)}: creates an anonymous random variable with distribution {@code d}, forces
     * {@code value} to a constant (sampling every random variable in it), conditions the variable on it and returns
     * the log-likelihood of the value under the variable's marginal, to add to the particle's log-weight.
     */
    public final double observe(SymDist d, Expr value, Object site) {
        enter(Operation.OBSERVE, site);
        int id = assumeImpl(null, d);
        Expr v = valueExprImpl(value, Cause.OBSERVED_VALUE);
        return observeImpl(id, v);
    }

    /** Forces {@code e} to a constant, sampling each random variable in it (left to right) for {@code cause}. */
    public final Expr valueExpr(Expr e, Cause cause, Object site) {
        enter(Operation.VALUE, site);
        return valueExprImpl(e, cause);
    }

    /** Draws {@code rv} from its marginal and realises it (an explicit value). */
    public final Expr value(Expr.RandomVar rv, Object site) {
        enter(Operation.VALUE, site);
        return valueImpl(rv.id(), Cause.EXPLICIT_VALUE, -1);
    }

    /** Makes {@code rv}'s distribution independent of the other live random variables. */
    public final void marginalize(Expr.RandomVar rv, Object site) {
        enter(Operation.MARGINALIZE, site);
        marginalizeImpl(rv.id());
    }

    /**
     * The marginal mean of {@code e} as the published implementation computes it: evaluated, then constants as
     * numbers (booleans 1/0), random variables marginalised (which may sample non-conjugate parents) and their
     * marginal means taken, {@code +·/} of the operands' means, {@code ite} as c·t + (1−c)·f, comparisons of means.
     */
    public final double mean(Expr e, Object site) {
        enter(Operation.MEAN, site);
        return meanImpl(e);
    }

    /** {@code e} with realised variables substituted and simplified. */
    public final Expr eval(Expr e) {
        return Exprs.eval(e, this);
    }

    /** The current distribution of {@code rv} (for inspection and tests). */
    public final SymDist distribution(Expr.RandomVar rv) {
        return distribution(rv.id());
    }

    public final RuntimePlan plan() {
        return RuntimePlan.of(this);
    }

    /**
     * Makes this state abstract for the static analysis ({@code dev.epic.prob.analysis}): every draw gives
     * {@link Exprs#UNKNOWN}, densities and means are not computed, while the symbolic operations (hoisting,
     * grafting, the conjugacy rules, the plan's enforcement) run as at run time.
     */
    public final void useUnknownNumbers() {
        unknownNumbers = true;
    }

    /**
     * Every field of every entry, rendered: two states with equal fingerprints behave alike (the static analysis
     * merges its paths with it).
     */
    public final String fingerprint() {
        StringBuilder b = new StringBuilder();
        for (int id = 0; id < size(); id++) {
            b.append(id);
            for (int f = 0; f < entries.stride(); f++) {
                Object v = entries.get(id, f);
                b.append('|').append(v instanceof int[] a ? java.util.Arrays.toString(a) : String.valueOf(v));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The number of fields of an entry: distribution, declaration, then the algorithm's own. */
    public final int fieldCount() {
        return entries.stride();
    }

    /** Field {@code f} of entry {@code id}, for the static analysis's comparison of states; do not modify. */
    public final Object field(int id, int f) {
        return entries.get(id, f);
    }

    final Expr drawOf(SymDist d) {
        return unknownNumbers ? Exprs.UNKNOWN : d.eval(this).draw(random);
    }

    final double logDensityOf(SymDist d, Expr value) {
        return unknownNumbers ? 0 : d.eval(this).logDensity(value);
    }

    // ---- algorithm hooks --------------------------------------------------------------------------------------

    abstract int assumeImpl(Decl decl, SymDist d);

    abstract double observeImpl(int id, Expr value);

    /** Draws and realises {@code id} ({@code Delta(v, sampled)}); {@code cause}/{@code other} say why. */
    abstract Expr valueImpl(int id, Cause cause, int other);

    abstract void marginalizeImpl(int id);

    // ---- entries ----------------------------------------------------------------------------------------------

    /** The number of random variables created so far (ids are 0 … size−1). */
    public final int size() {
        return entries.size();
    }

    @Override
    public final SymDist distribution(int id) {
        return (SymDist) entries.get(id, DIST);
    }

    /** The declaration of {@code id}, null for an anonymous variable. */
    public final Decl decl(int id) {
        return (Decl) entries.get(id, DECL);
    }

    final boolean isSampled(int id) {
        return distribution(id) instanceof SymDist.Delta d && d.sampled();
    }

    /**
     * Where a state's draws come from, for a handler that replays and regenerates them (Metropolis–Hastings): told of
     * each variable as it is created, and asked for the value of each draw from a marginal.
     */
    public interface Draws {
        /** Variable {@code id} was created by {@code decl} (null: the anonymous variable of an observation). */
        void created(int id, Decl decl);

        /** The value of variable {@code id}, drawn from its {@code marginal} (constant parameters) or replayed. */
        Expr draw(int id, SymDist marginal, RandomStream random);
    }

    private Draws draws;

    /** From now on this state's draws go through {@code d} (null: straight from the random stream). Not copied. */
    public final void drawWith(Draws d) {
        this.draws = d;
    }

    /** The value of a draw of {@code id} from {@code marginal}: the one place the algorithms draw. */
    final Expr draw(int id, SymDist marginal) {
        if (unknownNumbers) {
            return Exprs.UNKNOWN;
        }
        return draws == null ? marginal.draw(random) : draws.draw(id, marginal, random);
    }

    /** Allocates a variable; its first distribution is never a sampled delta, so no enforcement is needed. */
    final int newVar(Decl decl, SymDist d) {
        int id = entries.add();
        if (draws != null) {
            draws.created(id, decl);
        }
        entries.set(id, DECL, decl);
        entries.set(id, DIST, d);
        return id;
    }

    /** The one setter of distributions; {@code cause} and {@code other} explain a sampled delta. */
    final void setDist(int id, SymDist d, Cause cause, int other) {
        if (d instanceof SymDist.Delta) {
            realizations++;
        }
        if (d instanceof SymDist.Delta delta && delta.sampled()) {
            Decl decl = decl(id);
            if (decl != null && decl.annotation() == Annotation.SYMBOLIC) {
                throw violation(decl, cause, other);
            }
        }
        entries.set(id, DIST, d);
    }

    final void setDist(int id, SymDist d) {
        setDist(id, d, Cause.EXPLICIT_VALUE, -1);
    }

    @Override
    public final void setDistribution(int id, SymDist d) {
        setDist(id, d);
    }

    private PlanViolation violation(Decl decl, Cause cause, int other) {
        Decl o = other < 0 ? null : decl(other);
        Object otherSite = o != null ? o.site() : null;
        return new PlanViolation(decl.name(), decl.site(),
                new Trigger(cause, operation, operationSite, o == null ? null : o.name(), otherSite));
    }

    @Override
    public final Expr realized(int id) {
        return distribution(id) instanceof SymDist.Delta d ? d.value() : null;
    }

    @Override
    public final Affine affine() {
        return ws.affine;
    }

    /** Appends the distinct random variables of {@code id}'s distribution, in order, to {@code out}. */
    final void distinctRvs(SymDist d, IntList out) {
        Exprs.distinctRvs(d, out, out.size());
    }

    private void enter(Operation op, Object site) {
        ws = Workspace.current();
        operation = op;
        operationSite = site;
    }

    // ---- shared operations ------------------------------------------------------------------------------------

    /**
     * Forces {@code e} to a constant, left to right; each shared node is forced once (its value cannot change once
     * its variables are realised).
     */
    final Expr valueExprImpl(Expr e, Cause cause) {
        if (Exprs.isConst(e)) {
            return e;
        }
        if (e instanceof Expr.RandomVar v) {
            return valueImpl(v.id(), cause, -1);
        }
        return valueExpr(e, cause, new IdentityHashMap<>(), SymWork.current());
    }

    private Expr valueExpr(Expr e, Cause cause, IdentityHashMap<Expr, Expr> memo, SymWork work) {
        if (Exprs.isConst(e)) {
            return e;
        }
        if (e instanceof Expr.RandomVar v) {
            return valueImpl(v.id(), cause, -1);
        }
        Expr known = memo.get(e);
        if (known != null) {
            return known;
        }
        work.tick();
        Expr r;
        if (e instanceof Expr.Add a) {
            double l = Expr.numeric(valueExpr(a.left(), cause, memo, work));
            r = Exprs.num(l + Expr.numeric(valueExpr(a.right(), cause, memo, work)));
        } else if (e instanceof Expr.Mul m) {
            double l = Expr.numeric(valueExpr(m.left(), cause, memo, work));
            r = Exprs.num(l * Expr.numeric(valueExpr(m.right(), cause, memo, work)));
        } else if (e instanceof Expr.Div d) {
            Expr l = valueExpr(d.left(), cause, memo, work);
            r = Exprs.div(l, valueExpr(d.right(), cause, memo, work));
        } else if (e instanceof Expr.Ite i) {
            Expr c = valueExpr(i.cond(), cause, memo, work);
            if (Exprs.isUnknown(c)) {
                // Either branch may be taken: force both (static analysis).
                valueExpr(i.then(), cause, memo, work);
                valueExpr(i.otherwise(), cause, memo, work);
                r = Exprs.UNKNOWN;
            } else {
                r = valueExpr(Expr.truth(c) ? i.then() : i.otherwise(), cause, memo, work);
            }
        } else if (e instanceof Expr.Eq q) {
            Expr l = valueExpr(q.left(), cause, memo, work);
            r = Exprs.eq(l, valueExpr(q.right(), cause, memo, work));
        } else if (e instanceof Expr.Lt q) {
            Expr l = valueExpr(q.left(), cause, memo, work);
            r = Exprs.lt(l, valueExpr(q.right(), cause, memo, work));
        } else {
            throw new IllegalStateException("unknown expression " + e);
        }
        memo.put(e, r);
        return r;
    }

    /**
     * The mean of {@code e} as §2.6 defines it. Each node is taken with realised variables substituted (so an
     * {@code ite} whose condition was sampled meanwhile takes its branch); a shared node's mean is computed once as
     * long as no variable has been realised since, which keeps a DAG's mean linear in its size between samplings.
     */
    final double meanImpl(Expr e) {
        Expr v = eval(e);
        if (Exprs.isConst(v)) {
            return Expr.numeric(v);
        }
        return mean(v, realizations, new IdentityHashMap<>(8), SymWork.current());
    }

    /** {@code evaluatedAt}: the count of realisations when {@code e} was last evaluated. */
    private double mean(Expr e, int evaluatedAt, IdentityHashMap<Expr, double[]> memo, SymWork work) {
        if (evaluatedAt != realizations) {
            e = eval(e);
            evaluatedAt = realizations;
        }
        if (Exprs.isConst(e)) {
            return Expr.numeric(e);
        }
        if (e instanceof Expr.RandomVar v) {
            marginalizeImpl(v.id());
            return unknownNumbers ? Double.NaN : distribution(v.id()).eval(this).mean();
        }
        double[] known = memo.get(e);
        if (known != null && known[1] == realizations) {
            return known[0];
        }
        work.tick();
        double r;
        if (e instanceof Expr.Add a) {
            double l = mean(a.left(), evaluatedAt, memo, work);
            r = l + mean(a.right(), evaluatedAt, memo, work);
        } else if (e instanceof Expr.Mul m) {
            double l = mean(m.left(), evaluatedAt, memo, work);
            r = l * mean(m.right(), evaluatedAt, memo, work);
        } else if (e instanceof Expr.Div d) {
            double l = mean(d.left(), evaluatedAt, memo, work);
            double q = mean(d.right(), evaluatedAt, memo, work);
            if (q == 0) {
                throw new ArithmeticException("division by zero in the mean of " + e);
            }
            r = l / q;
        } else if (e instanceof Expr.Ite i) {
            double c = mean(i.cond(), evaluatedAt, memo, work);
            double t = mean(i.then(), evaluatedAt, memo, work);
            double f = mean(i.otherwise(), evaluatedAt, memo, work);
            r = c * t + (1 - c) * f;
        } else if (e instanceof Expr.Eq q) {
            double l = mean(q.left(), evaluatedAt, memo, work);
            r = l == mean(q.right(), evaluatedAt, memo, work) ? 1 : 0;
        } else if (e instanceof Expr.Lt q) {
            double l = mean(q.left(), evaluatedAt, memo, work);
            r = l < mean(q.right(), evaluatedAt, memo, work) ? 1 : 0;
        } else {
            throw new IllegalStateException("unknown expression " + e);
        }
        memo.put(e, new double[] {r, realizations});
        return r;
    }

    /**
     * An estimate of what this state holds, in bytes: its entries and the distinct expression nodes of their
     * distributions (about 32 bytes each; structure shared with other particles counted here too). The walk stops
     * once it passes {@code cap}.
     */
    public final long measure(long cap) {
        long total = 0;
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        java.util.ArrayDeque<Expr> work = new java.util.ArrayDeque<>();
        for (int id = 0, n = size(); id < n && total <= cap; id++) {
            SymDist d = distribution(id);
            total += 48;
            if (d == null || seen.put(d, Boolean.TRUE) != null) {
                continue;
            }
            total += 24;
            for (int i = 0; i < d.arity(); i++) {
                work.push(d.param(i));
            }
            while (!work.isEmpty() && total <= cap) {
                Expr e = work.pop();
                if (Exprs.isConst(e) || e instanceof Expr.RandomVar || seen.put(e, Boolean.TRUE) != null) {
                    continue;
                }
                total += 32;
                if (e instanceof Expr.Add a) {
                    work.push(a.left());
                    work.push(a.right());
                } else if (e instanceof Expr.Mul m) {
                    work.push(m.left());
                    work.push(m.right());
                } else if (e instanceof Expr.Div dv) {
                    work.push(dv.left());
                    work.push(dv.right());
                } else if (e instanceof Expr.Eq q) {
                    work.push(q.left());
                    work.push(q.right());
                } else if (e instanceof Expr.Lt l) {
                    work.push(l.left());
                    work.push(l.right());
                } else if (e instanceof Expr.Ite it) {
                    work.push(it.cond());
                    work.push(it.then());
                    work.push(it.otherwise());
                }
            }
            work.clear();
        }
        return total;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(getClass().getSimpleName()).append('(');
        for (int id = 0; id < size(); id++) {
            Decl d = decl(id);
            b.append("\n  rv").append(id).append(d == null ? "" : " " + d.name()).append(": ").append(distribution(id));
        }
        return b.append(')').toString();
    }
}
