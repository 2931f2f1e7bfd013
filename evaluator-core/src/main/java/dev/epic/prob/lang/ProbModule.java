package dev.epic.prob.lang;

import dev.epic.lang.LanguageModule;
import dev.epic.lang.compile.Compiler;
import dev.epic.lang.compile.Globals;
import dev.epic.lang.eval.Builtin;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.prob.dist.InvalidDistributionException;
import dev.epic.prob.smc.ParticleHost;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.SymDist;
import java.util.List;
import java.util.Set;

/**
 * The probabilistic layer as part of the language (SIREN.md §2): the thirteen distributions (values, usable
 * anywhere), {@code let [sample|symbolic] x <- d} (through {@value Compiler#ASSUME}), {@code observe},
 * {@code factor} and {@code resample} (effects, which need a particle to run in: {@link ParticleHost}), and
 * Siren's list and pair constructors {@code cons}, {@code nil}, {@code lst}, {@code pair}.
 */
public final class ProbModule implements LanguageModule {
    public static final ProbModule INSTANCE = new ProbModule();

    /** The names a program that is probabilistic uses; such a program runs with particles. */
    public static final Set<String> CONSTRUCTS = Set.of(Compiler.ASSUME, "observe", "factor", "resample");

    private ProbModule() {}

    @Override
    public String name() {
        return "prob";
    }

    @Override
    public Set<String> effects() {
        return Set.of("observe", "factor", "resample");
    }

    @Override
    public void defineNatives(Globals g) {
        dist(g, "gaussian", 2, (a, at) -> SymDist.gaussian(e(a[0], "gaussian: the mean", at), e(a[1], "gaussian: the variance", at)));
        dist(g, "beta", 2, (a, at) -> SymDist.beta(e(a[0], "beta: a", at), e(a[1], "beta: b", at)));
        dist(g, "bernoulli", 1, (a, at) -> SymDist.bernoulli(e(a[0], "bernoulli: p", at)));
        dist(g, "binomial", 2, (a, at) -> SymDist.binomial(e(a[0], "binomial: n", at), e(a[1], "binomial: p", at)));
        dist(g, "beta_binomial", 3, (a, at) -> SymDist.betaBinomial(e(a[0], "beta_binomial: n", at),
                e(a[1], "beta_binomial: a", at), e(a[2], "beta_binomial: b", at)));
        dist(g, "negative_binomial", 2, (a, at) -> SymDist.negativeBinomial(e(a[0], "negative_binomial: n", at),
                e(a[1], "negative_binomial: p", at)));
        dist(g, "gamma", 2, (a, at) -> SymDist.gamma(e(a[0], "gamma: the shape", at), e(a[1], "gamma: the rate", at)));
        dist(g, "exponential", 1, (a, at) -> SymDist.exponential(e(a[0], "exponential: the rate", at)));
        dist(g, "poisson", 1, (a, at) -> SymDist.poisson(e(a[0], "poisson: the rate", at)));
        dist(g, "student_t", 3, (a, at) -> SymDist.studentT(e(a[0], "student_t: the location", at),
                e(a[1], "student_t: the squared scale", at), e(a[2], "student_t: the degrees of freedom", at)));
        dist(g, "categorical", 3, (a, at) -> {
            List<Value> probs = Values.toList(a[2]);
            if (probs == null) {
                throw EvalError.at(at, "categorical: the probabilities must be a list but are " + Values.preview(a[2], 60));
            }
            Expr[] ps = new Expr[probs.size()];
            for (int i = 0; i < ps.length; i++) {
                ps[i] = e(probs.get(i), "categorical: a probability", at);
            }
            return SymDist.categorical(e(a[0], "categorical: lo", at), e(a[1], "categorical: hi", at), ps);
        });
        dist(g, "uniform_int", 2, (a, at) -> SymDist.uniformInt(e(a[0], "uniform_int: a", at), e(a[1], "uniform_int: b", at)));
        dist(g, "delta", 1, (a, at) -> SymDist.delta(e(a[0], "delta: the value", at)));

        g.define(Compiler.ASSUME, new Effect(Compiler.ASSUME, 3, "a random variable (let x <- …)") {
            @Override
            void run(Machine m, ParticleHost host, Value[] a, Span site) {
                m.ret(host.assume(((Value.Str) a[0]).value(), ((Value.Str) a[1]).value(),
                        distribution(a[2], "the right of '<-'", site), site));
            }
        });
        g.define("observe", new Effect("observe", 2, "observe") {
            @Override
            void run(Machine m, ParticleHost host, Value[] a, Span site) {
                host.observe(distribution(a[0], "observe: the distribution", site), a[1], site);
                m.ret(Value.Unit.UNIT);
            }
        });
        g.define("factor", new Effect("factor", 1, "factor") {
            @Override
            void run(Machine m, ParticleHost host, Value[] a, Span site) {
                Expr w = e(a[0], "factor: the log-weight", site);
                if (!w.isConstant()) {
                    throw EvalError.at(site, "factor: the log-weight must be known (a number, not a random value)");
                }
                host.factor(Expr.numeric(w));
                m.ret(Value.Unit.UNIT);
            }
        });
        g.define("resample", new Effect("resample", 1, "resample()") {
            @Override
            void run(Machine m, ParticleHost host, Value[] a, Span site) {
                host.resample(m);
            }
        });

        g.define("nil", Value.Nil.NIL);
        g.define("cons", new Plain("cons", 2, a -> new Value.Cons(a[0], a[1])));
        g.define("pair", new Plain("pair", 2, a -> Value.Tuple.of(a[0], a[1])));
        g.define("lst", new Plain("lst", 1, a -> a[0] == Value.Unit.UNIT ? Value.Nil.NIL : new Value.Cons(a[0], Value.Nil.NIL)));
    }

    private interface DistBody {
        SymDist make(Value[] args, Span at);
    }

    /** A distribution constructor: a value of the layer, checked as far as its parameters are known. */
    private static void dist(Globals g, String name, int arity, DistBody body) {
        g.define(name, new Builtin(name, arity, Builtin.Strictness.SHALLOW) {
            @Override
            protected void invoke(Machine m, Value[] args, Span site) {
                try {
                    m.ret(body.make(args, site));
                } catch (InvalidDistributionException e) {
                    throw EvalError.at(site, e.getMessage());
                }
            }
        });
    }

    private static Expr e(Value v, String what, Span at) {
        return SymValues.expr(v, what, at);
    }

    static SymDist distribution(Value v, String what, Span at) {
        if (v instanceof SymDist) {
            return (SymDist) v;
        }
        throw EvalError.at(at, what + " must be a distribution (gaussian(…), beta(…) …) but is " + Values.preview(v, 60)
                + " (" + v.kindName() + ")");
    }

    /** A construct that acts on the particle running it. */
    private abstract static class Effect extends Builtin {
        private final String construct;

        Effect(String name, int arity, String construct) {
            super(name, arity, Strictness.SHALLOW);
            this.construct = construct;
        }

        @Override
        protected final void invoke(Machine m, Value[] args, Span site) {
            run(m, ParticleHost.of(m, construct, site), args, site);
        }

        abstract void run(Machine m, ParticleHost host, Value[] args, Span site);
    }

    /** A constructor of plain values that does not look at its arguments. */
    private static final class Plain extends Builtin {
        private final java.util.function.Function<Value[], Value> body;

        Plain(String name, int arity, java.util.function.Function<Value[], Value> body) {
            super(name, arity, Strictness.LAZY);
            this.body = body;
        }

        @Override
        protected void invoke(Machine m, Value[] args, Span site) {
            m.charge(40);
            m.ret(body.apply(args));
        }
    }
}
