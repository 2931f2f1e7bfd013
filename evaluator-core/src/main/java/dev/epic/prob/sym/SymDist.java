package dev.epic.prob.sym;

import dev.epic.prob.dist.Gaussian;
import dev.epic.prob.dist.GammaDist;
import dev.epic.prob.dist.InvalidDistributionException;
import dev.epic.prob.rand.RandomStream;

/**
 * A distribution whose parameters are symbolic expressions (SIREN.md §2.4, §4.1): the families of Siren, with
 * {@code exponential} and {@code uniform_int} rewritten by their factories, and {@link Delta} for point masses and
 * realised variables. Immutable.
 *
 * <p>The factories ({@link #gaussian}, …) check every parameter that is already constant and throw
 * {@link InvalidDistributionException} naming it; parameters that are still symbolic are checked when they become
 * constant, by {@link #draw}, {@link #logDensity}, {@link #mean} and {@link #variance}, which require constant
 * parameters (an {@link IllegalStateException} otherwise: the inference algorithm marginalises first).
 */
public sealed interface SymDist extends dev.epic.lang.value.Value.Opaque
        permits SymDist.Normal, SymDist.Beta, SymDist.Bernoulli, SymDist.Binomial, SymDist.BetaBinomial,
                SymDist.NegativeBinomial, SymDist.Gamma, SymDist.Poisson, SymDist.StudentT, SymDist.Categorical,
                SymDist.Delta {

    /** The Siren name of the family. */
    String name();

    /** As a value of the language. */
    @Override
    default String kindName() {
        return "a distribution";
    }

    int arity();

    Expr param(int i);

    /** This distribution with its parameters evaluated; the same object when none changes. */
    SymDist eval(Valuation values);

    /** A value drawn from this distribution (parameters must be constant): a number, or a boolean for Bernoulli. */
    Expr draw(RandomStream random);

    /** The log density (log pmf) of constant {@code value}; −∞ for an impossible value. */
    double logDensity(Expr value);

    double mean();

    double variance();

    default boolean mentions(int id) {
        for (int i = 0, n = arity(); i < n; i++) {
            if (param(i).mentions(id)) {
                return true;
            }
        }
        return false;
    }

    /** Appends the ids of the random variables of the parameters, in parameter order, duplicates included. */
    default void collectRvs(IntList out) {
        for (int i = 0, n = arity(); i < n; i++) {
            param(i).collectRvs(out);
        }
    }

    default boolean isConstant() {
        for (int i = 0, n = arity(); i < n; i++) {
            if (!Exprs.isConst(param(i))) {
                return false;
            }
        }
        return true;
    }

    // ---- factories (Siren's constructors) -----------------------------------------------------------------------

    static SymDist gaussian(Expr mu, Expr var) {
        Gaussian.check(known(mu, 0), known(var, 1));
        return new Normal(mu, var);
    }

    static SymDist beta(Expr a, Expr b) {
        dev.epic.prob.dist.Beta.check(known(a, 1), known(b, 1));
        return new Beta(a, b);
    }

    static SymDist bernoulli(Expr p) {
        dev.epic.prob.dist.Bernoulli.check(known(p, 0.5));
        return new Bernoulli(p);
    }

    static SymDist binomial(Expr n, Expr p) {
        dev.epic.prob.dist.Binomial.check(known(n, 1), known(p, 0.5));
        return new Binomial(n, p);
    }

    static SymDist betaBinomial(Expr n, Expr a, Expr b) {
        dev.epic.prob.dist.BetaBinomial.check(known(n, 1), known(a, 1), known(b, 1));
        return new BetaBinomial(n, a, b);
    }

    static SymDist negativeBinomial(Expr n, Expr p) {
        dev.epic.prob.dist.NegativeBinomial.check(known(n, 1), known(p, 0.5));
        return new NegativeBinomial(n, p);
    }

    static SymDist gamma(Expr a, Expr b) {
        GammaDist.check(known(a, 1), known(b, 1));
        return new Gamma(a, b);
    }

    /** {@code exponential(l)} is {@code gamma(1, l)}, so that the Gamma conjugacy rules apply. */
    static SymDist exponential(Expr l) {
        GammaDist.check(1, known(l, 1));
        return new Gamma(Exprs.ONE, l);
    }

    static SymDist poisson(Expr l) {
        dev.epic.prob.dist.Poisson.check(known(l, 1));
        return new Poisson(l);
    }

    static SymDist studentT(Expr mu, Expr tau2, Expr nu) {
        dev.epic.prob.dist.StudentT.check(known(mu, 0), known(tau2, 1), known(nu, 3));
        return new StudentT(mu, tau2, nu);
    }

    /** {@code categorical(lo, hi, probs)}; the array is copied. */
    static SymDist categorical(Expr lo, Expr hi, Expr[] probs) {
        Categorical c = new Categorical(lo, hi, probs.clone());
        if (c.isConstant()) {
            Categorical.constants(c);
        }
        return c;
    }

    /** {@code uniform_int(a, b)}: {@code categorical(a, b, uniform)}; a and b must be constant integers, a ≤ b. */
    static SymDist uniformInt(Expr a, Expr b) {
        if (!Exprs.isConst(a)) {
            throw new InvalidDistributionException("uniform_int", "a", "must be a constant integer", a);
        }
        if (!Exprs.isConst(b)) {
            throw new InvalidDistributionException("uniform_int", "b", "must be a constant integer", b);
        }
        double lo = Expr.numeric(a);
        double hi = Expr.numeric(b);
        if (!(lo == Math.rint(lo) && Math.abs(lo) <= Integer.MAX_VALUE)) {
            throw new InvalidDistributionException("uniform_int", "a", "must be a constant integer", lo);
        }
        if (!(hi == Math.rint(hi) && Math.abs(hi) <= Integer.MAX_VALUE && lo <= hi)) {
            throw new InvalidDistributionException("uniform_int", "b", "must be a constant integer at least a = " + lo, hi);
        }
        int n = (int) (hi - lo + 1);
        Expr[] probs = new Expr[n];
        Expr p = Exprs.num(1.0 / n);
        java.util.Arrays.fill(probs, p);
        return new Categorical(Exprs.num(lo), Exprs.num(hi), probs);
    }

    /** {@code delta(v)}: a point mass, not sampled. */
    static SymDist delta(Expr v) {
        return new Delta(v, false);
    }

    /** The numeric value of a constant parameter, or {@code placeholder} (a valid value) for a symbolic one. */
    private static double known(Expr e, double placeholder) {
        return Exprs.isConst(e) && !Exprs.isUnknown(e) ? Expr.numeric(e) : placeholder;
    }

    /** The numeric value of a parameter that must be constant by now. */
    private static double c(Expr e) {
        if (Exprs.isConst(e)) {
            return Expr.numeric(e);
        }
        throw new IllegalStateException("parameter still symbolic: " + e);
    }

    // ---- families -----------------------------------------------------------------------------------------------

    /** {@code gaussian(mu, var)}: variance, not standard deviation. */
    record Normal(Expr mu, Expr var) implements SymDist {
        public String name() {
            return Gaussian.NAME;
        }

        public int arity() {
            return 2;
        }

        public Expr param(int i) {
            return i == 0 ? mu : var;
        }

        public SymDist eval(Valuation v) {
            Expr m = Exprs.eval(mu, v);
            Expr s = Exprs.eval(var, v);
            return m == mu && s == var ? this : new Normal(m, s);
        }

        public Expr draw(RandomStream r) {
            return Exprs.num(Gaussian.draw(r, c(mu), c(var)));
        }

        public double logDensity(Expr x) {
            return Gaussian.logDensity(c(mu), c(var), Expr.numeric(x));
        }

        public double mean() {
            return Gaussian.mean(c(mu), c(var));
        }

        public double variance() {
            return Gaussian.variance(c(mu), c(var));
        }

        @Override
        public String toString() {
            return "Normal(" + mu + ", " + var + ")";
        }
    }

    record Beta(Expr a, Expr b) implements SymDist {
        public String name() {
            return dev.epic.prob.dist.Beta.NAME;
        }

        public int arity() {
            return 2;
        }

        public Expr param(int i) {
            return i == 0 ? a : b;
        }

        public SymDist eval(Valuation v) {
            Expr x = Exprs.eval(a, v);
            Expr y = Exprs.eval(b, v);
            return x == a && y == b ? this : new Beta(x, y);
        }

        public Expr draw(RandomStream r) {
            return Exprs.num(dev.epic.prob.dist.Beta.draw(r, c(a), c(b)));
        }

        public double logDensity(Expr x) {
            return dev.epic.prob.dist.Beta.logDensity(c(a), c(b), Expr.numeric(x));
        }

        public double mean() {
            return dev.epic.prob.dist.Beta.mean(c(a), c(b));
        }

        public double variance() {
            return dev.epic.prob.dist.Beta.variance(c(a), c(b));
        }

        @Override
        public String toString() {
            return "Beta(" + a + ", " + b + ")";
        }
    }

    /** Booleans; an observed number counts as true if 1, false if 0, and is impossible otherwise. */
    record Bernoulli(Expr p) implements SymDist {
        public String name() {
            return dev.epic.prob.dist.Bernoulli.NAME;
        }

        public int arity() {
            return 1;
        }

        public Expr param(int i) {
            return p;
        }

        public SymDist eval(Valuation v) {
            Expr q = Exprs.eval(p, v);
            return q == p ? this : new Bernoulli(q);
        }

        public Expr draw(RandomStream r) {
            return Exprs.bool(dev.epic.prob.dist.Bernoulli.draw(r, c(p)));
        }

        public double logDensity(Expr x) {
            double q = c(p);
            if (x instanceof Expr.BoolConst b) {
                return dev.epic.prob.dist.Bernoulli.logDensity(q, b.value());
            }
            double n = Expr.numeric(x);
            if (n == 1 || n == 0) {
                return dev.epic.prob.dist.Bernoulli.logDensity(q, n == 1);
            }
            dev.epic.prob.dist.Bernoulli.check(q);
            return Double.NEGATIVE_INFINITY;
        }

        public double mean() {
            return dev.epic.prob.dist.Bernoulli.mean(c(p));
        }

        public double variance() {
            return dev.epic.prob.dist.Bernoulli.variance(c(p));
        }

        @Override
        public String toString() {
            return "Bernoulli(" + p + ")";
        }
    }

    record Binomial(Expr n, Expr p) implements SymDist {
        public String name() {
            return dev.epic.prob.dist.Binomial.NAME;
        }

        public int arity() {
            return 2;
        }

        public Expr param(int i) {
            return i == 0 ? n : p;
        }

        public SymDist eval(Valuation v) {
            Expr x = Exprs.eval(n, v);
            Expr y = Exprs.eval(p, v);
            return x == n && y == p ? this : new Binomial(x, y);
        }

        public Expr draw(RandomStream r) {
            return Exprs.num(dev.epic.prob.dist.Binomial.draw(r, c(n), c(p)));
        }

        public double logDensity(Expr x) {
            return dev.epic.prob.dist.Binomial.logDensity(c(n), c(p), Expr.numeric(x));
        }

        public double mean() {
            return dev.epic.prob.dist.Binomial.mean(c(n), c(p));
        }

        public double variance() {
            return dev.epic.prob.dist.Binomial.variance(c(n), c(p));
        }

        @Override
        public String toString() {
            return "Binomial(" + n + ", " + p + ")";
        }
    }

    record BetaBinomial(Expr n, Expr a, Expr b) implements SymDist {
        public String name() {
            return dev.epic.prob.dist.BetaBinomial.NAME;
        }

        public int arity() {
            return 3;
        }

        public Expr param(int i) {
            return i == 0 ? n : i == 1 ? a : b;
        }

        public SymDist eval(Valuation v) {
            Expr x = Exprs.eval(n, v);
            Expr y = Exprs.eval(a, v);
            Expr z = Exprs.eval(b, v);
            return x == n && y == a && z == b ? this : new BetaBinomial(x, y, z);
        }

        public Expr draw(RandomStream r) {
            return Exprs.num(dev.epic.prob.dist.BetaBinomial.draw(r, c(n), c(a), c(b)));
        }

        public double logDensity(Expr x) {
            return dev.epic.prob.dist.BetaBinomial.logDensity(c(n), c(a), c(b), Expr.numeric(x));
        }

        public double mean() {
            return dev.epic.prob.dist.BetaBinomial.mean(c(n), c(a), c(b));
        }

        public double variance() {
            return dev.epic.prob.dist.BetaBinomial.variance(c(n), c(a), c(b));
        }

        @Override
        public String toString() {
            return "BetaBinomial(" + n + ", " + a + ", " + b + ")";
        }
    }

    record NegativeBinomial(Expr n, Expr p) implements SymDist {
        public String name() {
            return dev.epic.prob.dist.NegativeBinomial.NAME;
        }

        public int arity() {
            return 2;
        }

        public Expr param(int i) {
            return i == 0 ? n : p;
        }

        public SymDist eval(Valuation v) {
            Expr x = Exprs.eval(n, v);
            Expr y = Exprs.eval(p, v);
            return x == n && y == p ? this : new NegativeBinomial(x, y);
        }

        public Expr draw(RandomStream r) {
            return Exprs.num(dev.epic.prob.dist.NegativeBinomial.draw(r, c(n), c(p)));
        }

        public double logDensity(Expr x) {
            return dev.epic.prob.dist.NegativeBinomial.logDensity(c(n), c(p), Expr.numeric(x));
        }

        public double mean() {
            return dev.epic.prob.dist.NegativeBinomial.mean(c(n), c(p));
        }

        public double variance() {
            return dev.epic.prob.dist.NegativeBinomial.variance(c(n), c(p));
        }

        @Override
        public String toString() {
            return "NegativeBinomial(" + n + ", " + p + ")";
        }
    }

    /** {@code gamma(a, b)}: shape a, rate b. */
    record Gamma(Expr a, Expr b) implements SymDist {
        public String name() {
            return GammaDist.NAME;
        }

        public int arity() {
            return 2;
        }

        public Expr param(int i) {
            return i == 0 ? a : b;
        }

        public SymDist eval(Valuation v) {
            Expr x = Exprs.eval(a, v);
            Expr y = Exprs.eval(b, v);
            return x == a && y == b ? this : new Gamma(x, y);
        }

        public Expr draw(RandomStream r) {
            return Exprs.num(GammaDist.draw(r, c(a), c(b)));
        }

        public double logDensity(Expr x) {
            return GammaDist.logDensity(c(a), c(b), Expr.numeric(x));
        }

        public double mean() {
            return GammaDist.mean(c(a), c(b));
        }

        public double variance() {
            return GammaDist.variance(c(a), c(b));
        }

        @Override
        public String toString() {
            return "Gamma(" + a + ", " + b + ")";
        }
    }

    record Poisson(Expr l) implements SymDist {
        public String name() {
            return dev.epic.prob.dist.Poisson.NAME;
        }

        public int arity() {
            return 1;
        }

        public Expr param(int i) {
            return l;
        }

        public SymDist eval(Valuation v) {
            Expr x = Exprs.eval(l, v);
            return x == l ? this : new Poisson(x);
        }

        public Expr draw(RandomStream r) {
            return Exprs.num(dev.epic.prob.dist.Poisson.draw(r, c(l)));
        }

        public double logDensity(Expr x) {
            return dev.epic.prob.dist.Poisson.logDensity(c(l), Expr.numeric(x));
        }

        public double mean() {
            return dev.epic.prob.dist.Poisson.mean(c(l));
        }

        public double variance() {
            return dev.epic.prob.dist.Poisson.variance(c(l));
        }

        @Override
        public String toString() {
            return "Poisson(" + l + ")";
        }
    }

    /** {@code student_t(mu, tau2, nu)}: location, squared scale, degrees of freedom. */
    record StudentT(Expr mu, Expr tau2, Expr nu) implements SymDist {
        public String name() {
            return dev.epic.prob.dist.StudentT.NAME;
        }

        public int arity() {
            return 3;
        }

        public Expr param(int i) {
            return i == 0 ? mu : i == 1 ? tau2 : nu;
        }

        public SymDist eval(Valuation v) {
            Expr x = Exprs.eval(mu, v);
            Expr y = Exprs.eval(tau2, v);
            Expr z = Exprs.eval(nu, v);
            return x == mu && y == tau2 && z == nu ? this : new StudentT(x, y, z);
        }

        public Expr draw(RandomStream r) {
            return Exprs.num(dev.epic.prob.dist.StudentT.draw(r, c(mu), c(tau2), c(nu)));
        }

        public double logDensity(Expr x) {
            return dev.epic.prob.dist.StudentT.logDensity(c(mu), c(tau2), c(nu), Expr.numeric(x));
        }

        public double mean() {
            return dev.epic.prob.dist.StudentT.mean(c(mu), c(tau2), c(nu));
        }

        public double variance() {
            return dev.epic.prob.dist.StudentT.variance(c(mu), c(tau2), c(nu));
        }

        @Override
        public String toString() {
            return "StudentT(" + mu + ", " + tau2 + ", " + nu + ")";
        }
    }

    /** {@code categorical(lo, hi, probs)}; do not mutate {@code probs}. */
    record Categorical(Expr lo, Expr hi, Expr[] probs) implements SymDist {
        public String name() {
            return dev.epic.prob.dist.Categorical.NAME;
        }

        public int arity() {
            return 2 + probs.length;
        }

        public Expr param(int i) {
            return i == 0 ? lo : i == 1 ? hi : probs[i - 2];
        }

        public SymDist eval(Valuation v) {
            Expr x = Exprs.eval(lo, v);
            Expr y = Exprs.eval(hi, v);
            Expr[] ps = null;
            for (int i = 0; i < probs.length; i++) {
                Expr p = Exprs.eval(probs[i], v);
                if (p != probs[i]) {
                    if (ps == null) {
                        ps = probs.clone();
                    }
                    ps[i] = p;
                }
            }
            return x == lo && y == hi && ps == null ? this : new Categorical(x, y, ps == null ? probs : ps);
        }

        /** The probabilities as numbers, checked. */
        static double[] constants(Categorical d) {
            double[] ps = new double[d.probs.length];
            for (int i = 0; i < ps.length; i++) {
                ps[i] = c(d.probs[i]);
            }
            dev.epic.prob.dist.Categorical.check(c(d.lo), c(d.hi), ps);
            return ps;
        }

        public Expr draw(RandomStream r) {
            return Exprs.num(dev.epic.prob.dist.Categorical.draw(r, c(lo), c(hi), constants(this)));
        }

        public double logDensity(Expr x) {
            return dev.epic.prob.dist.Categorical.logDensity(c(lo), c(hi), constants(this), Expr.numeric(x));
        }

        public double mean() {
            return dev.epic.prob.dist.Categorical.mean(c(lo), c(hi), constants(this));
        }

        public double variance() {
            return dev.epic.prob.dist.Categorical.variance(c(lo), c(hi), constants(this));
        }

        @Override
        public String toString() {
            return "Categorical(" + lo + ", " + hi + ", " + java.util.Arrays.toString(probs) + ")";
        }
    }

    /**
     * A point mass at {@code value}; {@code sampled} marks a value drawn by the inference (as opposed to observed or
     * declared with {@code delta}), which is what the runtime inference plan reports as {@code sample}.
     */
    record Delta(Expr value, boolean sampled) implements SymDist {
        public String name() {
            return "delta";
        }

        public int arity() {
            return 1;
        }

        public Expr param(int i) {
            return value;
        }

        public SymDist eval(Valuation v) {
            Expr x = Exprs.eval(value, v);
            return x == value ? this : new Delta(x, sampled);
        }

        public Expr draw(RandomStream r) {
            c(value);
            return value;
        }

        /** 0 at the value (numbers and booleans compare as 1/0), −∞ elsewhere. */
        public double logDensity(Expr x) {
            return Expr.numeric(x) == c(value) ? 0 : Double.NEGATIVE_INFINITY;
        }

        public double mean() {
            return c(value);
        }

        public double variance() {
            c(value);
            return 0;
        }

        @Override
        public String toString() {
            return "Delta(" + value + (sampled ? ", sampled)" : ")");
        }
    }
}
