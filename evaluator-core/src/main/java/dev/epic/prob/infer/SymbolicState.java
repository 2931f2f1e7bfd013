package dev.epic.prob.infer;

import dev.epic.prob.conj.RuleContext;
import dev.epic.prob.rand.RandomStream;
import dev.epic.prob.sym.Affine;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.IntList;
import dev.epic.prob.sym.SymDist;

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

    /** Allocates a variable; its first distribution is never a sampled delta, so no enforcement is needed. */
    final int newVar(Decl decl, SymDist d) {
        int id = entries.add();
        entries.set(id, DECL, decl);
        entries.set(id, DIST, d);
        return id;
    }

    /** The one setter of distributions; {@code cause} and {@code other} explain a sampled delta. */
    final void setDist(int id, SymDist d, Cause cause, int other) {
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
        int from = out.size();
        d.collectRvs(out);
        int w = from;
        for (int i = from, n = out.size(); i < n; i++) {
            int v = out.get(i);
            if (out.indexOf(v, from, w) < 0) {
                out.set(w++, v);
            }
        }
        out.truncate(w);
    }

    private void enter(Operation op, Object site) {
        ws = Workspace.current();
        operation = op;
        operationSite = site;
    }

    // ---- shared operations ------------------------------------------------------------------------------------

    final Expr valueExprImpl(Expr e, Cause cause) {
        if (Exprs.isConst(e)) {
            return e;
        }
        if (e instanceof Expr.RandomVar v) {
            return valueImpl(v.id(), cause, -1);
        }
        if (e instanceof Expr.Add a) {
            double l = Expr.numeric(valueExprImpl(a.left(), cause));
            return Exprs.num(l + Expr.numeric(valueExprImpl(a.right(), cause)));
        }
        if (e instanceof Expr.Mul m) {
            double l = Expr.numeric(valueExprImpl(m.left(), cause));
            return Exprs.num(l * Expr.numeric(valueExprImpl(m.right(), cause)));
        }
        if (e instanceof Expr.Div d) {
            Expr l = valueExprImpl(d.left(), cause);
            return Exprs.div(l, valueExprImpl(d.right(), cause));
        }
        if (e instanceof Expr.Ite i) {
            Expr c = valueExprImpl(i.cond(), cause);
            if (Exprs.isUnknown(c)) {
                // Either branch may be taken: force both (static analysis).
                valueExprImpl(i.then(), cause);
                valueExprImpl(i.otherwise(), cause);
                return Exprs.UNKNOWN;
            }
            return valueExprImpl(Expr.truth(c) ? i.then() : i.otherwise(), cause);
        }
        if (e instanceof Expr.Eq q) {
            Expr l = valueExprImpl(q.left(), cause);
            return Exprs.eq(l, valueExprImpl(q.right(), cause));
        }
        if (e instanceof Expr.Lt q) {
            Expr l = valueExprImpl(q.left(), cause);
            return Exprs.lt(l, valueExprImpl(q.right(), cause));
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    final double meanImpl(Expr e) {
        e = eval(e);
        if (Exprs.isConst(e)) {
            return Expr.numeric(e);
        }
        if (e instanceof Expr.RandomVar v) {
            marginalizeImpl(v.id());
            return unknownNumbers ? Double.NaN : distribution(v.id()).eval(this).mean();
        }
        if (e instanceof Expr.Add a) {
            double l = meanImpl(a.left());
            return l + meanImpl(a.right());
        }
        if (e instanceof Expr.Mul m) {
            double l = meanImpl(m.left());
            return l * meanImpl(m.right());
        }
        if (e instanceof Expr.Div d) {
            double l = meanImpl(d.left());
            double r = meanImpl(d.right());
            if (r == 0) {
                throw new ArithmeticException("division by zero in the mean of " + e);
            }
            return l / r;
        }
        if (e instanceof Expr.Ite i) {
            double c = meanImpl(i.cond());
            double t = meanImpl(i.then());
            double f = meanImpl(i.otherwise());
            return c * t + (1 - c) * f;
        }
        if (e instanceof Expr.Eq q) {
            double l = meanImpl(q.left());
            return l == meanImpl(q.right()) ? 1 : 0;
        }
        if (e instanceof Expr.Lt q) {
            double l = meanImpl(q.left());
            return l < meanImpl(q.right()) ? 1 : 0;
        }
        throw new IllegalStateException("unknown expression " + e);
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
