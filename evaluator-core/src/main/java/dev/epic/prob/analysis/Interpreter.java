package dev.epic.prob.analysis;

import dev.epic.lang.compile.Purity;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.syntax.Term;
import dev.epic.prob.infer.Annotation;
import dev.epic.prob.infer.Cause;
import dev.epic.prob.infer.Decl;
import dev.epic.prob.infer.PlanViolation;
import dev.epic.prob.infer.SymbolicState;
import dev.epic.prob.lang.ProbModule;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.SymDist;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The abstract interpreter: runs a Siren program on one abstract particle whose symbolic state is the algorithm's
 * own ({@link SymbolicState#useUnknownNumbers}: hoisting, grafting, the conjugacy rules and the plan's enforcement
 * as at run time, every drawn value unknown). Values are those of the program, with unknown constants for data and
 * sampled values. Evaluation is over sets of paths: an {@code if} whose condition is unknown runs both branches on
 * copies of the state; paths whose states and values coincide are merged. A {@link PlanViolation} ends a path and
 * is recorded.
 */
final class Interpreter {
    /** One abstract execution reaching this point: its state and value. */
    record Outcome(SymbolicState state, AValue value) {}

    /** Ends the current path: the program would stop here (a plan violation, a run-time error). */
    static final class Dead extends RuntimeException {
        Dead(String message) {
            super(message, null, false, false);
        }
    }

    /** The analysis cannot go on: a bound was hit or a construct is not supported. */
    static final class GiveUp extends RuntimeException {
        GiveUp(String message) {
            super(message, null, false, false);
        }
    }

    /** Paths leaving an if are merged when there are more than this many (fold iterations always merge theirs). */
    private static final int MERGE_AT = 16;

    private final Analysis.Run run;
    private final Builtins builtins;
    private final Map<Term.RandomVar, Decl> decls = new IdentityHashMap<>();
    private final Set<String> effects = ProbModule.INSTANCE.effects();

    Interpreter(Analysis.Run run) {
        this.run = run;
        this.builtins = new Builtins(this, run);
    }

    interface Then {
        List<Outcome> apply(SymbolicState s, AValue v);
    }

    /** Continues every outcome with {@code k}; a path that dies is dropped, the survivors merged. */
    List<Outcome> then(List<Outcome> in, Then k) {
        if (in.size() == 1) {
            Outcome o = in.get(0);
            return k.apply(o.state(), o.value());
        }
        List<Outcome> out = new ArrayList<>();
        for (Outcome o : in) {
            out.addAll(guarded(() -> k.apply(o.state(), o.value())));
            bound(out);
        }
        // Paths are merged where they fork (an if) and at the end of each fold iteration, not here.
        return out;
    }

    interface Body {
        List<Outcome> run();
    }

    /** Runs {@code body}; a path it ends yields no outcome. */
    List<Outcome> guarded(Body body) {
        try {
            return body.run();
        } catch (Dead d) {
            return List.of();
        }
    }

    static List<Outcome> one(SymbolicState s, AValue v) {
        List<Outcome> l = new ArrayList<>(1);
        l.add(new Outcome(s, v));
        return l;
    }

    /**
     * Drops outcomes whose state and value an earlier one has too: they behave alike from here on. States are
     * compared up to the numbers inside them, which the program never reads back (what it reads is a sampled
     * value, unknown): only whether a number is 0, 1, an integer or unknown can change what the algorithm does
     * (the smart constructors' rewrites, the rules' integer and non-zero checks), and that is kept.
     */
    List<Outcome> merge(List<Outcome> outcomes) {
        return merge(outcomes, o -> Canon.state(o.state(), run.settings.maxExpressionSize()) + "#" + o.value());
    }

    /** Gives up if the distribution in {@code field} has a parameter larger than {@code limit} nodes. */
    static void checkSize(Object field, int limit) {
        if (field instanceof SymDist d) {
            for (int i = 0; i < d.arity(); i++) {
                if (size(d.param(i), limit) > limit) {
                    throw new GiveUp("a distribution with a parameter of more than " + limit + " nodes"
                            + " (epic.prob.analysis.max-expression-size)");
                }
            }
        }
    }

    /** Drops outcomes with the key of an earlier one. */
    List<Outcome> merge(List<Outcome> outcomes, java.util.function.Function<Outcome, String> key) {
        if (outcomes.size() <= 1) {
            return outcomes;
        }
        Set<String> seen = new HashSet<>();
        List<Outcome> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (seen.add(key.apply(o))) {
                out.add(o);
            }
        }
        bound(out);
        return out;
    }

    private void bound(List<Outcome> out) {
        if (out.size() > run.settings.maxPaths()) {
            throw new GiveUp("more than " + run.settings.maxPaths() + " abstract executions at once"
                    + " (epic.prob.analysis.max-paths)");
        }
    }

    static SymbolicState fork(SymbolicState s) {
        return s.copy(s.random());
    }

    // ---- terms ----------------------------------------------------------------------------------------------

    List<Outcome> eval(Term t, Env env, SymbolicState s) {
        if (t instanceof Term.FloatLit f) {
            return one(s, new AValue.Num(Exprs.num(f.value())));
        }
        if (t instanceof Term.IntLit i) {
            return one(s, new AValue.Num(Exprs.num(i.value())));
        }
        if (t instanceof Term.BoolLit b) {
            return one(s, new AValue.Num(Exprs.bool(b.value())));
        }
        if (t instanceof Term.UnitLit) {
            return one(s, AValue.Unit.UNIT);
        }
        if (t instanceof Term.StrLit str) {
            return one(s, new AValue.Str(str.value()));
        }
        if (t instanceof Term.Var v) {
            AValue value = Env.lookup(env, v.name());
            if (value == null) {
                value = builtins.global(v.name(), v.span());
            }
            return one(s, value);
        }
        if (t instanceof Term.Lambda l) {
            return one(s, new AValue.Fn(l, env));
        }
        if (t instanceof Term.Let let) {
            Term.Lambda function = let.value() instanceof Term.Lambda l && let.pattern() instanceof Term.PName ? l : null;
            return then(eval(let.value(), env, s), (s1, v) -> eval(let.body(), bind(let.pattern(), v, env, function), s1));
        }
        if (t instanceof Term.RandomVar rv) {
            return then(eval(rv.distribution(), env, s), (s1, d) -> {
                Expr x = assume(s1, decl(rv), dist(d, "the right of '<-'", rv.span()));
                return eval(rv.body(), Env.bind(env, rv.name(), new AValue.Num(x), null), s1);
            });
        }
        if (t instanceof Term.App app) {
            return then(eval(app.fn(), env, s), (s1, f) ->
                    then(eval(app.arg(), env, s1), (s2, a) -> apply(f, a, app.span(), s2)));
        }
        if (t instanceof Term.If i) {
            return then(eval(i.condition(), env, s), (s1, c) -> branch(i, env, s1, c));
        }
        if (t instanceof Term.Binary b) {
            if (b.op().equals(";")) {
                return then(eval(b.left(), env, s), (s1, ignored) -> eval(b.right(), env, s1));
            }
            return then(eval(b.left(), env, s), (s1, l) ->
                    then(eval(b.right(), env, s1), (s2, r) -> one(s2, binary(b, l, r))));
        }
        if (t instanceof Term.Unary u) {
            return then(eval(u.operand(), env, s), (s1, v) -> {
                Expr e = num(v, "the operand of " + u.op(), u.span());
                return one(s1, new AValue.Num(u.op().equals("-") ? Exprs.mul(Exprs.MINUS_ONE, e) : Exprs.not(e)));
            });
        }
        if (t instanceof Term.TupleLit tuple) {
            return then(evalAll(tuple.elements(), 0, env, s, new ArrayList<>()), (s1, v) -> one(s1, v));
        }
        if (t instanceof Term.ListLit list) {
            return then(evalAll(list.elements(), 0, env, s, new ArrayList<>()),
                    (s1, v) -> one(s1, new AValue.Lst(((AValue.Tuple) v).elements())));
        }
        if (t instanceof Term.LetRec || t instanceof Term.Field || t instanceof Term.Interp
                || t instanceof Term.RecordLit || t instanceof Term.ErrorTerm) {
            throw new GiveUp("not a construct of Siren programs, which the analysis covers, at " + t.span());
        }
        throw new IllegalStateException("unknown term " + t);
    }

    /** Evaluates {@code terms[from…]} left to right; each outcome's value is a tuple of the values. */
    private List<Outcome> evalAll(List<Term> terms, int from, Env env, SymbolicState s, List<AValue> done) {
        if (from == terms.size()) {
            return one(s, new AValue.Tuple(List.copyOf(done)));
        }
        return then(eval(terms.get(from), env, s), (s1, v) -> {
            List<AValue> next = new ArrayList<>(done);
            next.add(v);
            return evalAll(terms, from + 1, env, s1, next);
        });
    }

    private Env bind(Term.Param p, AValue v, Env env, Term.Lambda function) {
        if (p instanceof Term.PName n) {
            return Env.bind(env, n.name(), v, function);
        }
        if (p instanceof Term.PTuple pt) {
            if (!(v instanceof AValue.Tuple tuple) || tuple.elements().size() != pt.elements().size()) {
                throw new Dead(p.span() + ": the value does not match the pattern");
            }
            Env e = env;
            for (int i = 0; i < pt.elements().size(); i++) {
                e = bind(pt.elements().get(i), tuple.elements().get(i), e, null);
            }
            return e;
        }
        return env;
    }

    List<Outcome> apply(AValue f, AValue arg, Span site, SymbolicState s) {
        if (f instanceof AValue.Fn fn) {
            return eval(fn.lambda().body(), bind(fn.lambda().param(), arg, fn.env(), null), s);
        }
        if (f instanceof AValue.Prim p) {
            return builtins.apply(p.name(), arg, site, s);
        }
        throw new Dead(site + ": not a function: " + f);
    }

    // ---- if ------------------------------------------------------------------------------------------------

    private List<Outcome> branch(Term.If i, Env env, SymbolicState s, AValue c) {
        Expr condition = s.eval(num(c, "the condition of an if", i.span()));
        if (!condition.isConstant()) {
            Purity.Binding scope = Env.scope(env);
            if (Purity.isPure(i.then(), effects, scope) && Purity.isPure(i.otherwise(), effects, scope)) {
                // Both branches are computed and the result is a symbolic if-then-else (SIREN.md §2.6).
                return then(eval(i.then(), env, s), (s1, a) ->
                        then(eval(i.otherwise(), env, s1), (s2, b) -> one(s2, ite(condition, a, b, i.span()))));
            }
        }
        Expr cond = condition;
        if (cond.isConstant() && !Exprs.isUnknown(cond)) {
            return eval(Expr.truth(cond) ? i.then() : i.otherwise(), env, s);
        }
        if (!cond.isConstant()) {
            cond = valueExpr(s, cond, Cause.IMPURE_IF_CONDITION, i.span());
            if (!Exprs.isUnknown(cond)) {
                return eval(Expr.truth(cond) ? i.then() : i.otherwise(), env, s);
            }
        }
        SymbolicState other = fork(s);
        List<Outcome> out = new ArrayList<>(guarded(() -> eval(i.then(), env, s)));
        out.addAll(guarded(() -> eval(i.otherwise(), env, other)));
        if (out.isEmpty()) {
            throw new Dead("both branches stop");
        }
        // Comparing whole states costs as much as the state is large: only when paths multiply.
        return out.size() > MERGE_AT ? merge(out) : out;
    }

    private AValue ite(Expr c, AValue a, AValue b, Span at) {
        if (a instanceof AValue.Num x && b instanceof AValue.Num y) {
            return new AValue.Num(bounded(Exprs.ite(c, x.expr(), y.expr()), at));
        }
        if (a instanceof AValue.Tuple x && b instanceof AValue.Tuple y && x.elements().size() == y.elements().size()) {
            return new AValue.Tuple(ites(c, x.elements(), y.elements(), at));
        }
        if (a instanceof AValue.Lst x && b instanceof AValue.Lst y && x.elements().size() == y.elements().size()) {
            return new AValue.Lst(ites(c, x.elements(), y.elements(), at));
        }
        if (a.equals(b)) {
            return a;
        }
        throw new Dead(at + ": the branches of this if on a random condition give values of different shapes");
    }

    private List<AValue> ites(Expr c, List<AValue> a, List<AValue> b, Span at) {
        List<AValue> out = new ArrayList<>(a.size());
        for (int k = 0; k < a.size(); k++) {
            out.add(ite(c, a.get(k), b.get(k), at));
        }
        return out;
    }

    // ---- operators ----------------------------------------------------------------------------------------------

    private AValue binary(Term.Binary b, AValue l, AValue r) {
        if (b.op().equals("::")) {
            return builtins.cons(l, r, b.span());
        }
        Expr x = num(l, "the left of " + b.op(), b.span());
        Expr y = num(r, "the right of " + b.op(), b.span());
        try {
            Expr e = switch (b.op()) {
                case "+" -> Exprs.add(x, y);
                case "-" -> Exprs.sub(x, y);
                case "*" -> Exprs.mul(x, y);
                case "/" -> Exprs.div(x, y);
                case "=", "==" -> Exprs.eq(x, y);
                case "<>", "!=" -> Exprs.ne(x, y);
                case "<" -> Exprs.lt(x, y);
                case ">" -> Exprs.gt(x, y);
                case "<=" -> Exprs.le(x, y);
                case ">=" -> Exprs.ge(x, y);
                case "&&" -> Exprs.and(x, y);
                case "||" -> Exprs.or(x, y);
                default -> throw new GiveUp("the operator " + b.op() + " is not covered by the analysis, at " + b.span());
            };
            return new AValue.Num(bounded(e, b.span()));
        } catch (ArithmeticException e) {
            throw new Dead(b.span() + ": " + e.getMessage());
        }
    }

    /** {@code e}, unless it has more nodes (as a tree) than the bound allows: then the analysis gives up. */
    private Expr bounded(Expr e, Span at) {
        int limit = run.settings.maxExpressionSize();
        if (size(e, limit) > limit) {
            throw new GiveUp(at + ": an expression of more than " + limit + " nodes"
                    + " (epic.prob.analysis.max-expression-size)");
        }
        return e;
    }

    /** The tree size of {@code e}, counted up to just past {@code limit}. */
    static int size(Expr e, int limit) {
        int n = 1;
        if (e instanceof Expr.Add x) {
            n += size(x.left(), limit);
            return n > limit ? n : n + size(x.right(), limit - n);
        }
        if (e instanceof Expr.Mul x) {
            n += size(x.left(), limit);
            return n > limit ? n : n + size(x.right(), limit - n);
        }
        if (e instanceof Expr.Div x) {
            n += size(x.left(), limit);
            return n > limit ? n : n + size(x.right(), limit - n);
        }
        if (e instanceof Expr.Eq x) {
            n += size(x.left(), limit);
            return n > limit ? n : n + size(x.right(), limit - n);
        }
        if (e instanceof Expr.Lt x) {
            n += size(x.left(), limit);
            return n > limit ? n : n + size(x.right(), limit - n);
        }
        if (e instanceof Expr.Ite x) {
            n += size(x.cond(), limit);
            if (n > limit) {
                return n;
            }
            n += size(x.then(), limit - n);
            return n > limit ? n : n + size(x.otherwise(), limit - n);
        }
        return n;
    }

    static Expr num(AValue v, String what, Span at) {
        if (v instanceof AValue.Num n) {
            return n.expr();
        }
        throw new Dead(at + ": " + what + " must be a number or a boolean but is " + v);
    }

    static SymDist dist(AValue v, String what, Span at) {
        if (v instanceof AValue.Dist d) {
            return d.dist();
        }
        throw new Dead(at + ": " + what + " must be a distribution but is " + v);
    }

    // ---- the inference interface, with violations recorded ---------------------------------------------------

    private Decl decl(Term.RandomVar rv) {
        return decls.computeIfAbsent(rv, r -> new Decl(r.name(), annotation(r.annotation()), r.span()));
    }

    static Annotation annotation(String a) {
        if (a == null) {
            return Annotation.NONE;
        }
        return a.equals("symbolic") ? Annotation.SYMBOLIC : Annotation.SAMPLE;
    }

    private Expr assume(SymbolicState s, Decl decl, SymDist d) {
        if (s.size() >= run.settings.maxStateSize()) {
            throw new GiveUp("more than " + run.settings.maxStateSize() + " random variables in one execution"
                    + " (epic.prob.analysis.max-state-size)");
        }
        try {
            return s.assume(decl, d);
        } catch (PlanViolation v) {
            throw run.violated(s, v);
        }
    }

    void observe(SymbolicState s, SymDist d, Expr value, Span site) {
        try {
            s.observe(d, value, site);
        } catch (PlanViolation v) {
            throw run.violated(s, v);
        }
    }

    Expr valueExpr(SymbolicState s, Expr e, Cause cause, Span site) {
        try {
            return s.valueExpr(e, cause, site);
        } catch (PlanViolation v) {
            throw run.violated(s, v);
        }
    }

    /** The final mean of the result, which marginalises and may sample (SIREN.md §2.6). */
    void mean(SymbolicState s, AValue v, Object site) {
        if (v instanceof AValue.Num n) {
            Expr e = s.eval(n.expr());
            if (!e.isConstant()) {
                try {
                    s.mean(e, site);
                } catch (PlanViolation violation) {
                    throw run.violated(s, violation);
                } catch (ArithmeticException ignored) {
                    // A division by zero in the mean stops the run, after what it sampled.
                }
            }
        } else if (v instanceof AValue.Tuple t) {
            for (AValue x : t.elements()) {
                mean(s, x, site);
            }
        } else if (v instanceof AValue.Lst l) {
            for (AValue x : l.elements()) {
                mean(s, x, site);
            }
        } else if (v instanceof AValue.UnkList u) {
            mean(s, u.element(), site);
        }
    }
}
