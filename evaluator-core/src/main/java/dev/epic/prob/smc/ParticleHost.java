package dev.epic.prob.smc;

import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.ExternalFn;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.eval.MachineHost;
import dev.epic.lang.eval.MemoryBudget;
import dev.epic.lang.eval.Parked;
import dev.epic.lang.eval.Prims;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.prob.dist.InvalidDistributionException;
import dev.epic.prob.infer.Annotation;
import dev.epic.prob.infer.Cause;
import dev.epic.prob.infer.Decl;
import dev.epic.prob.infer.Particle;
import dev.epic.prob.infer.PlanViolation;
import dev.epic.prob.infer.SymbolicState;
import dev.epic.prob.lang.SymValues;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.SymDist;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host of one particle's machine: what the probabilistic constructs do to that particle's symbolic state and
 * log-weight ({@code let x <- d}, {@code observe}, {@code resample}), and how operators, conditions and {@code if}s
 * treat random values (SIREN.md §2.6). External calls and output go to the run it belongs to ({@link ParticleRun}).
 * One machine and one thread at a time.
 */
public final class ParticleHost implements MachineHost {
    private final ParticleRun run;
    private final Particle particle;
    /** The particle's place in the run's set, which resampling changes. */
    int index;

    ParticleHost(ParticleRun run, Particle particle) {
        this.run = run;
        this.particle = particle;
    }

    /** The host of the machine running a probabilistic construct; a clear error outside a probabilistic run. */
    public static ParticleHost of(Machine m, String construct, Span at) {
        if (m.host() instanceof ParticleHost) {
            return (ParticleHost) m.host();
        }
        throw EvalError.at(at, construct + " needs a probabilistic run: run the program with particles (epic run does "
                + "so for every program that uses random variables)");
    }

    Particle particle() {
        return particle;
    }

    SymbolicState state() {
        return particle.state();
    }

    // ---- the probabilistic constructs ---------------------------------------------------------------------------

    /** {@code let [annotation] name <- d}: a new random variable (or, annotated {@code sample}, its drawn value). */
    public Value assume(String annotation, String name, SymDist d, Span site) {
        Decl decl = run.decl(annotation, name, site);
        try {
            return SymValues.value(state().assume(decl, d));
        } catch (RuntimeException e) {
            throw translate(e, site);
        }
    }

    /** {@code observe(d, v)}: conditions on {@code d} taking the value {@code v}, weighing the particle. */
    public void observe(SymDist d, Value v, Span site) {
        Expr value = SymValues.expr(v, "the observed value", site);
        try {
            particle.addLogWeight(state().observe(d, value, site));
        } catch (RuntimeException e) {
            throw translate(e, site);
        }
    }

    /** {@code factor(w)}: adds {@code w} to the particle's log-weight. */
    public void factor(double logWeight) {
        particle.addLogWeight(logWeight);
    }

    /** {@code resample()}: the particle pauses here until the run has resampled every particle. */
    public void resample(Machine m) {
        m.pause(Value.Unit.UNIT);
    }

    /** The posterior mean of this particle's value {@code v}: numbers and random values by their means. */
    Value mean(Value v, Span site) {
        v = Values.deref(v);
        try {
            if (v instanceof Expr) {
                return new Value.Flt(state().mean((Expr) v, site));
            }
        } catch (RuntimeException e) {
            throw translate(e, site);
        }
        if (v instanceof Value.Int) {
            return new Value.Flt(((Value.Int) v).value());
        }
        if (v instanceof Value.Tuple) {
            List<Value> out = new ArrayList<>();
            for (Value e : ((Value.Tuple) v).elements()) {
                out.add(mean(e, site));
            }
            return new Value.Tuple(out);
        }
        if (v instanceof Value.Cons) {
            List<Value> out = new ArrayList<>();
            for (Value e : Values.toList(v)) {
                out.add(mean(e, site));
            }
            return Values.fromList(out);
        }
        if (v instanceof Value.Record) {
            Map<String, Value> out = new LinkedHashMap<>();
            ((Value.Record) v).fields().forEach((k, e) -> out.put(k, mean(e, site)));
            return new Value.Record(out);
        }
        return v;
    }

    /** The program's errors for what the symbolic layer throws: a plan violation, a bad parameter, division by zero. */
    EvalError translate(RuntimeException e, Span site) {
        if (e instanceof PlanViolation) {
            PlanViolation v = (PlanViolation) e;
            Span declared = v.declarationSite() instanceof Span ? (Span) v.declarationSite() : site;
            return new EvalError(EvalError.Kind.ERROR, v.getMessage(), declared, null);
        }
        if (e instanceof InvalidDistributionException) {
            return EvalError.at(site, e.getMessage());
        }
        if (e instanceof ArithmeticException) {
            return EvalError.at(site, "division by zero");
        }
        if (e instanceof EvalError) {
            return (EvalError) e;
        }
        throw e;
    }

    // ---- random values in operators and conditions ---------------------------------------------------------------

    @Override
    public Value operate(Prims.Op op, Value a, Value b, Span at) {
        Expr x = SymValues.operand(a, op, true, at);
        Expr y = b == null ? null : SymValues.operand(b, op, false, at);
        try {
            Expr r;
            switch (op) {
                case ADD: r = Exprs.add(x, y); break;
                case SUB: r = Exprs.sub(x, y); break;
                case MUL: r = Exprs.mul(x, y); break;
                case DIV: r = Exprs.div(x, y); break;
                case EQ: r = Exprs.eq(x, y); break;
                case NE: r = Exprs.ne(x, y); break;
                case LT: r = Exprs.lt(x, y); break;
                case LE: r = Exprs.le(x, y); break;
                case GT: r = Exprs.gt(x, y); break;
                case GE: r = Exprs.ge(x, y); break;
                case NEG: r = Exprs.mul(Exprs.MINUS_ONE, x); break;
                case NOT: r = Exprs.not(x); break;
                default:
                    throw EvalError.at(at, "'" + op.symbol + "' does not apply to random values");
            }
            return SymValues.value(state().eval(r));
        } catch (RuntimeException e) {
            throw translate(e, at);
        }
    }

    @Override
    public Value decide(Value condition, boolean pureBranches, Span at) {
        Expr c = state().eval(SymValues.expr(condition, "the condition", at));
        if (c.isConstant()) {
            return Value.Bool.of(Expr.truth(c));
        }
        if (pureBranches) {
            return c;
        }
        try {
            return Value.Bool.of(Expr.truth(state().valueExpr(c, Cause.IMPURE_IF_CONDITION, at)));
        } catch (RuntimeException e) {
            throw translate(e, at);
        }
    }

    /**
     * The value of an {@code if} on a random condition with pure branches: a symbolic if-then-else, pushed into
     * tuples, lists and records of the same shape; two equal values need none.
     */
    @Override
    public Value merge(Value condition, Value then, Value otherwise, Span at) {
        Expr c = (Expr) condition;
        then = Values.deref(then);
        otherwise = Values.deref(otherwise);
        if (SymValues.scalar(then) && SymValues.scalar(otherwise)) {
            try {
                return SymValues.value(state().eval(Exprs.ite(c, SymValues.expr(then, "then", at), SymValues.expr(otherwise, "else", at))));
            } catch (RuntimeException e) {
                throw translate(e, at);
            }
        }
        if (then instanceof Value.Tuple && otherwise instanceof Value.Tuple
                && ((Value.Tuple) then).size() == ((Value.Tuple) otherwise).size()) {
            List<Value> out = new ArrayList<>();
            for (int i = 0; i < ((Value.Tuple) then).size(); i++) {
                out.add(merge(c, ((Value.Tuple) then).get(i), ((Value.Tuple) otherwise).get(i), at));
            }
            return new Value.Tuple(out);
        }
        List<Value> xs = Values.toList(then);
        List<Value> ys = Values.toList(otherwise);
        if (xs != null && ys != null && xs.size() == ys.size()) {
            List<Value> out = new ArrayList<>();
            for (int i = 0; i < xs.size(); i++) {
                out.add(merge(c, xs.get(i), ys.get(i), at));
            }
            return Values.fromList(out);
        }
        if (then instanceof Value.Record && otherwise instanceof Value.Record
                && ((Value.Record) then).fields().keySet().equals(((Value.Record) otherwise).fields().keySet())) {
            Map<String, Value> out = new LinkedHashMap<>();
            Map<String, Value> other = ((Value.Record) otherwise).fields();
            ((Value.Record) then).fields().forEach((k, v) -> out.put(k, merge(c, v, other.get(k), at)));
            return new Value.Record(out);
        }
        if (then.equals(otherwise)) {
            return then;
        }
        throw EvalError.at(at, "the branches of this if on a random condition give values of different shapes ("
                + Values.preview(then, 40) + " and " + Values.preview(otherwise, 40) + "); make them the same shape or "
                + "observe or resample in one branch, which samples the condition");
    }

    // ---- the rest of the host ------------------------------------------------------------------------------------

    @Override
    public Value callExternal(ExternalFn fn, List<Value> args, Span site) {
        return run.call(fn, args, site);
    }

    @Override
    public void output(Value v, Span site) {
        run.output(this, v);
    }

    @Override
    public void park(Parked parked) {
        throw new IllegalStateException("a particle's machine never waits for a pending value");
    }

    @Override
    public MemoryBudget budget() {
        return run.budget();
    }

    /** The annotation of a declaration, as the compiler passes it to {@code Prob.assume}. */
    static Annotation annotation(String text) {
        switch (text) {
            case "symbolic": return Annotation.SYMBOLIC;
            case "sample": return Annotation.SAMPLE;
            default: return Annotation.NONE;
        }
    }
}
