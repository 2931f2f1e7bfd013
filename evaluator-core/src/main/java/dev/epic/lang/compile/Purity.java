package dev.epic.lang.compile;

import dev.epic.lang.syntax.Term;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Whether an expression is pure in the probabilistic layer's sense (SIREN.md §2.6): it never applies an
 * <em>effect</em> — a global a module declares as one ({@code observe}, {@code resample}) — directly or through the
 * functions it refers to. Decided on the tree, as the published semantics does: an {@code if} on a random
 * condition computes both branches only if both are pure. A name bound to a function ({@code let f = fun …},
 * {@code val f = fun …}, {@code let rec}) is as pure as its body; applying a function whose body is not known here
 * (a parameter) counts as impure, which errs on the side of sampling the condition.
 */
public final class Purity implements Term.Visitor<Boolean> {
    /** A name in scope and the function term bound to it, if it is one. */
    public record Binding(String name, Term.Lambda function, Binding next) {}

    private final Set<String> effects;
    private final Map<Term.Lambda, Boolean> known = new IdentityHashMap<>();
    private Binding scope;

    Purity(Set<String> effects) {
        this.effects = effects;
    }

    /** Whether {@code t} is pure where the names of {@code scope} are bound (the static analysis asks too). */
    public static boolean isPure(Term t, Set<String> effects, Binding scope) {
        return new Purity(effects).pure(t, scope);
    }

    /** Whether {@code t} is pure where the names of {@code scope} are bound. */
    boolean pure(Term t, Binding scope) {
        if (effects.isEmpty()) {
            return true;
        }
        Binding saved = this.scope;
        this.scope = scope;
        try {
            return t.accept(this);
        } finally {
            this.scope = saved;
        }
    }

    private Binding lookup(String name) {
        for (Binding b = scope; b != null; b = b.next) {
            if (b.name.equals(name)) {
                return b;
            }
        }
        return null;
    }

    private boolean function(Term.Lambda f, Binding where) {
        Boolean k = known.get(f);
        if (k != null) {
            return k;
        }
        // Assumed pure while its own body is looked at: recursion adds no effect of its own.
        known.put(f, true);
        boolean p = pure(f.body(), bind(f.param(), where));
        known.put(f, p);
        return p;
    }

    private Binding bind(Term.Param p, Binding where) {
        if (p instanceof Term.PName) {
            return new Binding(((Term.PName) p).name(), null, where);
        }
        if (p instanceof Term.PTuple) {
            Binding b = where;
            for (Term.Param e : ((Term.PTuple) p).elements()) {
                b = bind(e, b);
            }
            return b;
        }
        return where;
    }

    private boolean all(Iterable<Term> ts) {
        for (Term t : ts) {
            if (!t.accept(this)) {
                return false;
            }
        }
        return true;
    }

    private boolean under(Binding b, Term t) {
        Binding saved = scope;
        scope = b;
        try {
            return t.accept(this);
        } finally {
            scope = saved;
        }
    }

    public Boolean visitInt(Term.IntLit t) {
        return true;
    }

    public Boolean visitFloat(Term.FloatLit t) {
        return true;
    }

    public Boolean visitString(Term.StrLit t) {
        return true;
    }

    public Boolean visitBool(Term.BoolLit t) {
        return true;
    }

    public Boolean visitUnit(Term.UnitLit t) {
        return true;
    }

    public Boolean visitInterp(Term.Interp t) {
        return all(t.parts());
    }

    public Boolean visitVar(Term.Var t) {
        Binding b = lookup(t.name());
        if (b == null) {
            return !effects.contains(t.name());
        }
        return b.function == null || function(b.function, b.next);
    }

    public Boolean visitLambda(Term.Lambda t) {
        return under(bind(t.param(), scope), t.body());
    }

    public Boolean visitApp(Term.App t) {
        Term head = t.fn();
        while (head instanceof Term.App) {
            head = ((Term.App) head).fn();
        }
        if (head instanceof Term.Var) {
            Binding b = lookup(((Term.Var) head).name());
            if (b != null && b.function == null) {
                // A function that is a parameter: what it does is not known here.
                return false;
            }
        }
        return t.fn().accept(this) && t.arg().accept(this);
    }

    public Boolean visitLet(Term.Let t) {
        if (!t.value().accept(this)) {
            return false;
        }
        Binding b = t.pattern() instanceof Term.PName && t.value() instanceof Term.Lambda
                ? new Binding(((Term.PName) t.pattern()).name(), (Term.Lambda) t.value(), scope)
                : bind(t.pattern(), scope);
        return under(b, t.body());
    }

    public Boolean visitLetRec(Term.LetRec t) {
        Binding b = scope;
        for (Term.RecBinding rb : t.bindings()) {
            b = new Binding(rb.name(), rb.lambda(), b);
        }
        for (Term.RecBinding rb : t.bindings()) {
            if (!function(rb.lambda(), b)) {
                return false;
            }
        }
        return under(b, t.body());
    }

    public Boolean visitRandomVar(Term.RandomVar t) {
        return t.distribution().accept(this) && under(new Binding(t.name(), null, scope), t.body());
    }

    public Boolean visitIf(Term.If t) {
        return t.condition().accept(this) && t.then().accept(this) && t.otherwise().accept(this);
    }

    public Boolean visitBinary(Term.Binary t) {
        return t.left().accept(this) && t.right().accept(this);
    }

    public Boolean visitUnary(Term.Unary t) {
        return t.operand().accept(this);
    }

    public Boolean visitField(Term.Field t) {
        return t.record().accept(this);
    }

    public Boolean visitTuple(Term.TupleLit t) {
        return all(t.elements());
    }

    public Boolean visitList(Term.ListLit t) {
        return all(t.elements());
    }

    public Boolean visitRecord(Term.RecordLit t) {
        return all(t.values());
    }

    public Boolean visitError(Term.ErrorTerm t) {
        return true;
    }
}
