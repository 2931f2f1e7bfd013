package dev.epic.prob.analysis;

import dev.epic.lang.syntax.Span;
import dev.epic.prob.analysis.Interpreter.Outcome;
import dev.epic.prob.dist.InvalidDistributionException;
import dev.epic.prob.infer.SymbolicState;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;
import dev.epic.prob.sym.SymDist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Abstract transfer functions of the built-ins a Siren program calls (SIREN.md §2.4–2.5): the distributions build
 * the same symbolic distributions as at run time; {@code observe} conditions the abstract state; the list
 * functions work on lists of known length and on lists of unknown length; {@code File.read} gives rows of unknown
 * numbers (as many as the file has, or of unknown number if it cannot be read).
 */
final class Builtins {
    private static final Map<String, Integer> DISTRIBUTIONS = Map.ofEntries(
            Map.entry("gaussian", 2), Map.entry("beta", 2), Map.entry("bernoulli", 1), Map.entry("binomial", 2),
            Map.entry("beta_binomial", 3), Map.entry("negative_binomial", 2), Map.entry("gamma", 2),
            Map.entry("exponential", 1), Map.entry("poisson", 1), Map.entry("student_t", 3),
            Map.entry("categorical", 3), Map.entry("uniform_int", 2), Map.entry("delta", 1));
    private static final Map<String, Integer> OTHERS = Map.ofEntries(
            Map.entry("observe", 2), Map.entry("resample", 1), Map.entry("factor", 1), Map.entry("cons", 2),
            Map.entry("lst", 1), Map.entry("pair", 2), Map.entry("fst", 1), Map.entry("snd", 1),
            Map.entry("List.hd", 1), Map.entry("List.tl", 1), Map.entry("List.len", 1), Map.entry("List.length", 1),
            Map.entry("List.rev", 1), Map.entry("List.map", 2), Map.entry("List.range", 2), Map.entry("fold", 3),
            Map.entry("List.fold", 3), Map.entry("File.read", 1));

    private final Interpreter in;
    private final Analysis.Run run;

    Builtins(Interpreter in, Analysis.Run run) {
        this.in = in;
        this.run = run;
    }

    AValue global(String name, Span at) {
        if (name.equals("nil")) {
            return new AValue.Lst(List.of());
        }
        if (DISTRIBUTIONS.containsKey(name) || OTHERS.containsKey(name)) {
            return new AValue.Prim(name);
        }
        throw new Interpreter.GiveUp(at + ": " + name + " is not a built-in the analysis covers");
    }

    List<Outcome> apply(String name, AValue arg, Span site, SymbolicState s) {
        Integer arity = DISTRIBUTIONS.get(name);
        if (arity != null) {
            try {
                return Interpreter.one(s, new AValue.Dist(distribution(name, args(arg, arity, name, site), site)));
            } catch (InvalidDistributionException e) {
                throw new Interpreter.Dead(site + ": " + e.getMessage());
            }
        }
        AValue[] a = args(arg, OTHERS.get(name), name, site);
        switch (name) {
            case "observe": {
                in.observe(s, Interpreter.dist(a[0], "observe: the distribution", site),
                        Interpreter.num(a[1], "observe: the value", site), site);
                return Interpreter.one(s, AValue.Unit.UNIT);
            }
            case "resample":
            case "factor":
                return Interpreter.one(s, AValue.Unit.UNIT);
            case "cons":
                return Interpreter.one(s, cons(a[0], a[1], site));
            case "lst":
                return Interpreter.one(s, a[0] == AValue.Unit.UNIT ? new AValue.Lst(List.of()) : new AValue.Lst(List.of(a[0])));
            case "pair":
                return Interpreter.one(s, new AValue.Tuple(List.of(a[0], a[1])));
            case "fst":
            case "snd": {
                if (!(a[0] instanceof AValue.Tuple t) || t.elements().size() != 2) {
                    throw new Interpreter.Dead(site + ": " + name + " of " + a[0]);
                }
                return Interpreter.one(s, t.elements().get(name.equals("fst") ? 0 : 1));
            }
            case "List.hd":
                return Interpreter.one(s, hd(a[0], site));
            case "List.tl":
                return Interpreter.one(s, tl(a[0], site));
            case "List.len":
            case "List.length":
                return Interpreter.one(s, a[0] instanceof AValue.Lst l ? new AValue.Num(Exprs.num(l.elements().size()))
                        : new AValue.Num(Exprs.UNKNOWN));
            case "List.rev": {
                if (a[0] instanceof AValue.Lst l) {
                    List<AValue> r = new ArrayList<>(l.elements());
                    Collections.reverse(r);
                    return Interpreter.one(s, new AValue.Lst(r));
                }
                return Interpreter.one(s, list(a[0], site));
            }
            case "List.range":
                return Interpreter.one(s, range(a[0], a[1], site));
            case "List.map":
                return map(a[0], a[1], site, s);
            case "fold":
            case "List.fold":
                return fold(a[0], a[1], a[2], site, s);
            case "File.read":
                return Interpreter.one(s, read(a[0], site));
            default:
                throw new IllegalStateException("unknown built-in " + name);
        }
    }

    private static AValue[] args(AValue arg, int arity, String name, Span site) {
        if (arity == 1) {
            return new AValue[] {arg};
        }
        if (arg instanceof AValue.Tuple t && t.elements().size() == arity) {
            return t.elements().toArray(new AValue[0]);
        }
        throw new Interpreter.GiveUp(site + ": " + name + " applied other than to its " + arity
                + " arguments in parentheses, which the analysis does not cover");
    }

    private static SymDist distribution(String name, AValue[] a, Span site) {
        Function<Integer, Expr> e = i -> Interpreter.num(a[i], name + ": parameter " + (i + 1), site);
        return switch (name) {
            case "gaussian" -> SymDist.gaussian(e.apply(0), e.apply(1));
            case "beta" -> SymDist.beta(e.apply(0), e.apply(1));
            case "bernoulli" -> SymDist.bernoulli(e.apply(0));
            case "binomial" -> SymDist.binomial(e.apply(0), e.apply(1));
            case "beta_binomial" -> SymDist.betaBinomial(e.apply(0), e.apply(1), e.apply(2));
            case "negative_binomial" -> SymDist.negativeBinomial(e.apply(0), e.apply(1));
            case "gamma" -> SymDist.gamma(e.apply(0), e.apply(1));
            case "exponential" -> SymDist.exponential(e.apply(0));
            case "poisson" -> SymDist.poisson(e.apply(0));
            case "student_t" -> SymDist.studentT(e.apply(0), e.apply(1), e.apply(2));
            case "uniform_int" -> SymDist.uniformInt(e.apply(0), e.apply(1));
            case "delta" -> SymDist.delta(e.apply(0));
            case "categorical" -> {
                if (!(a[2] instanceof AValue.Lst probs)) {
                    throw new Interpreter.GiveUp(site + ": categorical over probabilities of unknown number");
                }
                Expr[] ps = new Expr[probs.elements().size()];
                for (int i = 0; i < ps.length; i++) {
                    ps[i] = Interpreter.num(probs.elements().get(i), "categorical: a probability", site);
                }
                yield SymDist.categorical(e.apply(0), e.apply(1), ps);
            }
            default -> throw new IllegalStateException("unknown distribution " + name);
        };
    }

    // ---- lists ----------------------------------------------------------------------------------------------

    AValue cons(AValue x, AValue xs, Span site) {
        if (xs instanceof AValue.Lst l) {
            List<AValue> r = new ArrayList<>(l.elements().size() + 1);
            r.add(x);
            r.addAll(l.elements());
            return new AValue.Lst(r);
        }
        AValue.UnkList u = list(xs, site);
        if (!x.equals(u.element())) {
            throw new Interpreter.GiveUp(site + ": cons onto a list of unknown length of an element unlike its"
                    + " others, which the analysis does not cover");
        }
        return u;
    }

    private static AValue.UnkList list(AValue v, Span site) {
        if (v instanceof AValue.UnkList u) {
            return u;
        }
        throw new Interpreter.Dead(site + ": not a list: " + v);
    }

    private static AValue hd(AValue v, Span site) {
        if (v instanceof AValue.Lst l) {
            if (l.elements().isEmpty()) {
                throw new Interpreter.Dead(site + ": List.hd of the empty list");
            }
            return l.elements().get(0);
        }
        return list(v, site).element();
    }

    private static AValue tl(AValue v, Span site) {
        if (v instanceof AValue.Lst l) {
            if (l.elements().isEmpty()) {
                throw new Interpreter.Dead(site + ": List.tl of the empty list");
            }
            return new AValue.Lst(l.elements().subList(1, l.elements().size()));
        }
        return list(v, site);
    }

    private static AValue range(AValue a, AValue b, Span site) {
        Expr lo = Interpreter.num(a, "List.range: the start", site);
        Expr hi = Interpreter.num(b, "List.range: the end", site);
        if (lo.isConstant() && hi.isConstant() && !Exprs.isUnknown(lo) && !Exprs.isUnknown(hi)) {
            List<AValue> r = new ArrayList<>();
            for (double x = Expr.numeric(lo); x < Expr.numeric(hi); x++) {
                r.add(new AValue.Num(Exprs.num(x)));
            }
            return new AValue.Lst(r);
        }
        return new AValue.UnkList(new AValue.Num(Exprs.UNKNOWN));
    }

    private List<Outcome> map(AValue f, AValue xs, Span site, SymbolicState s) {
        if (xs instanceof AValue.Lst l) {
            return mapFrom(f, l.elements(), 0, new ArrayList<>(), site, s);
        }
        AValue.UnkList u = list(xs, site);
        int before = s.size();
        return in.then(in.apply(f, u.element(), site, s), (s1, y) -> {
            if (s1.size() != before) {
                throw new Interpreter.GiveUp(site + ": List.map creating random variables over a list of unknown"
                        + " length, which the analysis does not cover");
            }
            return Interpreter.one(s1, new AValue.UnkList(y));
        });
    }

    private List<Outcome> mapFrom(AValue f, List<AValue> xs, int i, List<AValue> done, Span site, SymbolicState s) {
        if (i == xs.size()) {
            return Interpreter.one(s, new AValue.Lst(done));
        }
        return in.then(in.apply(f, xs.get(i), site, s), (s1, y) -> {
            List<AValue> next = new ArrayList<>(done);
            next.add(y);
            return mapFrom(f, xs, i + 1, next, site, s1);
        });
    }

    /**
     * {@code fold(f, xs, init)}: over a list of known length, unrolled; over a list of unknown length, every number
     * of iterations is a possible outcome, followed until the outcomes repeat or the bound is hit.
     */
    private List<Outcome> fold(AValue f, AValue xs, AValue init, Span site, SymbolicState s) {
        if (xs instanceof AValue.Lst l) {
            int start = s.size();
            List<Outcome> acc = Interpreter.one(s, init);
            for (AValue x : l.elements()) {
                acc = in.then(acc, (s1, a) -> in.apply(f, new AValue.Tuple(List.of(x, a)), site, s1));
                acc = in.merge(acc, o -> Canon.atFoldBoundary(o.state(), start, o.value(), run.settings.maxExpressionSize()));
            }
            return acc;
        }
        AValue element = list(xs, site).element();
        int start = s.size();
        List<Outcome> all = new ArrayList<>(Interpreter.one(s, init));
        List<Outcome> current = Interpreter.one(Interpreter.fork(s), init);
        for (int k = 0; !current.isEmpty(); k++) {
            if (k == run.settings.maxFoldIterations()) {
                throw new Interpreter.GiveUp(site + ": a fold over a list of unknown length followed for "
                        + k + " iterations without reaching a fixpoint (epic.prob.analysis.max-fold-iterations)");
            }
            current = in.then(current, (s1, a) -> in.apply(f, new AValue.Tuple(List.of(element, a)), site, s1));
            List<Outcome> exits = new ArrayList<>();
            for (Outcome o : current) {
                exits.add(new Outcome(Interpreter.fork(o.state()), o.value()));
            }
            int before = all.size();
            all.addAll(exits);
            all = in.merge(all, o -> Canon.atFoldBoundary(o.state(), start, o.value(), run.settings.maxExpressionSize()));
            current = in.merge(current, o -> Canon.atFoldBoundary(o.state(), start, o.value(), run.settings.maxExpressionSize()));
            if (all.size() == before) {
                break;
            }
        }
        return all;
    }

    private AValue read(AValue path, Span site) {
        if (!(path instanceof AValue.Str p)) {
            throw new Interpreter.GiveUp(site + ": File.read of a path the analysis cannot know");
        }
        Path file = run.baseDir == null ? null : run.baseDir.resolve(p.value()).normalize();
        if (file == null || !file.startsWith(run.baseDir.normalize())) {
            // As File.read itself: nothing outside the program's data directory (and none at all without one).
            run.note(site + ": File.read(\"" + p.value() + "\") is outside the data directory: its rows are of unknown number");
            return new AValue.UnkList(new AValue.UnkList(new AValue.Num(Exprs.UNKNOWN)));
        }
        try {
            List<String> lines = Files.readAllLines(file);
            List<AValue> rows = new ArrayList<>();
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                int fields = line.split(",", -1).length;
                rows.add(new AValue.Lst(Collections.nCopies(fields, new AValue.Num(Exprs.UNKNOWN))));
            }
            return new AValue.Lst(rows);
        } catch (IOException e) {
            run.note(site + ": cannot read " + file + ": its rows are of unknown number");
            return new AValue.UnkList(new AValue.UnkList(new AValue.Num(Exprs.UNKNOWN)));
        }
    }
}
