package dev.epic.lang.compile;

import dev.epic.lang.eval.Bind;
import dev.epic.lang.eval.Code;
import dev.epic.lang.eval.Prims;
import dev.epic.lang.syntax.CompileException;
import dev.epic.lang.syntax.Diagnostic;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.syntax.Term;
import dev.epic.lang.value.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks scope and turns the tree into {@link Code}: names become environment depths or global slots, and
 * the surface forms the language defines by its modules are desugared ({@code if} to the Church boolean
 * {@code Bool.ite}, {@code &&}/{@code ||} to {@code if}, {@code a; b} to a let, {@code let x <- d in e} to a
 * let of {@value #ASSUME}). Reports every unbound name.
 */
public final class Compiler implements Term.Visitor<Code> {

    /**
     * The global a random variable {@code let [ann] x <- d in e} is made with: it is applied to the tuple
     * {@code (ann, "x", d)} ({@code ann} is {@code "sample"}, {@code "symbolic"} or {@code ""}) and its value
     * is bound to {@code x}. The module that defines it (the probabilistic layer) gives the construct its
     * meaning; a language without one reports the name as unbound, at the {@code let}.
     */
    public static final String ASSUME = "Prob.assume";

    /** The global an {@code if} whose branches are both pure applies instead of {@code Bool.ite} (see {@link Purity}). */
    public static final String ITE_PURE = "Bool.ite_pure";

    /** Names in scope, innermost first, with the function term bound to each where it is one (for {@link Purity}). */
    private Purity.Binding scope;

    private final Globals globals;
    private final Purity purity;
    private final List<Diagnostic> errors = new ArrayList<>();
    private final java.util.Set<String> usedGlobals = new java.util.TreeSet<>();

    private Compiler(Globals globals, Set<String> effects) {
        this.globals = globals;
        this.purity = new Purity(effects);
    }

    /** Compiles a parsed program against {@code globals}; throws {@link CompileException} with all errors. */
    public static Program compile(String name, Term program, Globals globals) {
        return compile(name, program, globals, Set.of());
    }

    /**
     * The same, where applying one of {@code effects} (globals such as {@code observe}) makes an expression
     * impure, which decides how each {@code if} is compiled.
     */
    public static Program compile(String name, Term program, Globals globals, Set<String> effects) {
        Compiler c = new Compiler(globals, effects);
        Code code = program.accept(c);
        if (!c.errors.isEmpty()) {
            throw new CompileException(c.errors);
        }
        return new Program(name, code, globals.toArray(), c.usedGlobals);
    }

    private void error(Span at, String message) {
        errors.add(new Diagnostic(at, message));
    }

    /** A global that a desugared form refers to; reported at the form when no module defines it. */
    private Code global(String name, Span at) {
        Integer slot = globals.slot(name);
        if (slot == null) {
            error(at, "unbound name " + name);
            return new Code.Const(Value.Unit.UNIT, at);
        }
        usedGlobals.add(name);
        return new Code.Global(slot, at);
    }

    // ---- patterns ------------------------------------------------------------------------------------

    private Bind bind(Term.Param p) {
        Set<String> seen = new HashSet<>();
        return bind(p, seen);
    }

    private Bind bind(Term.Param p, Set<String> seen) {
        if (p instanceof Term.PName) {
            String n = ((Term.PName) p).name();
            if (!seen.add(n)) {
                error(p.span(), "the name '" + n + "' is bound twice in one pattern");
            }
            return new Bind.Name(n, p.span());
        }
        if (p instanceof Term.PWild) {
            return new Bind.Wild(p.span());
        }
        if (p instanceof Term.PUnit) {
            return new Bind.Unit(p.span());
        }
        if (p instanceof Term.PTuple) {
            List<Term.Param> es = ((Term.PTuple) p).elements();
            Bind[] out = new Bind[es.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = bind(es.get(i), seen);
            }
            return new Bind.Tuple(out, p.span());
        }
        throw new IllegalStateException("unknown pattern " + p);
    }

    /** Extends the scope in the order {@link Bind#bind} extends the environment. */
    private void enter(Bind b) {
        for (String name : b.names()) {
            scope = new Purity.Binding(name, null, scope);
        }
    }

    private Code withScope(Bind b, Term body) {
        Purity.Binding saved = scope;
        enter(b);
        try {
            return body.accept(this);
        } finally {
            scope = saved;
        }
    }

    // ---- nodes ---------------------------------------------------------------------------------------

    public Code visitInt(Term.IntLit t) {
        return new Code.Const(Value.Int.of(t.value()), t.span());
    }

    public Code visitFloat(Term.FloatLit t) {
        return new Code.Const(new Value.Flt(t.value()), t.span());
    }

    public Code visitString(Term.StrLit t) {
        return new Code.Const(new Value.Str(t.value()), t.span());
    }

    public Code visitBool(Term.BoolLit t) {
        return new Code.Const(Value.Bool.of(t.value()), t.span());
    }

    public Code visitUnit(Term.UnitLit t) {
        return new Code.Const(Value.Unit.UNIT, t.span());
    }

    public Code visitInterp(Term.Interp t) {
        return new Code.Collect(Code.Collect.Shape.INTERP, compileAll(t.parts()), null, t.span());
    }

    public Code visitVar(Term.Var t) {
        int depth = 0;
        for (Purity.Binding s = scope; s != null; s = s.next()) {
            if (s.name().equals(t.name())) {
                return new Code.Local(depth, t.span());
            }
            depth++;
        }
        Integer slot = globals.slot(t.name());
        if (slot == null) {
            error(t.span(), "unbound name " + t.name());
            return new Code.Const(Value.Unit.UNIT, t.span());
        }
        usedGlobals.add(t.name());
        return new Code.Global(slot, t.span());
    }

    public Code visitLambda(Term.Lambda t) {
        String name = t.name() != null ? t.name() : "fun at " + t.span().lineColumn();
        Bind b = bind(t.param());
        return new Code.Lambda(b, name, withScope(b, t.body()), t.span());
    }

    public Code visitApp(Term.App t) {
        return new Code.App(t.fn().accept(this), t.arg().accept(this), t.span());
    }

    public Code visitLet(Term.Let t) {
        if (t.pattern() instanceof Term.PTuple && t.value() instanceof Term.TupleLit) {
            int want = ((Term.PTuple) t.pattern()).elements().size();
            int have = ((Term.TupleLit) t.value()).elements().size();
            if (want != have) {
                error(t.pattern().span(), "this pattern takes a " + want + "-tuple but the value is a " + have + "-tuple");
            }
        }
        Code value = t.value().accept(this);
        Bind b = bind(t.pattern());
        if (t.pattern() instanceof Term.PName && t.value() instanceof Term.Lambda) {
            // A named function: an if that calls it is as pure as its body.
            Purity.Binding saved = scope;
            scope = new Purity.Binding(((Term.PName) t.pattern()).name(), (Term.Lambda) t.value(), scope);
            try {
                return new Code.Let(b, value, t.body().accept(this), t.span());
            } finally {
                scope = saved;
            }
        }
        return new Code.Let(b, value, withScope(b, t.body()), t.span());
    }

    public Code visitLetRec(Term.LetRec t) {
        Purity.Binding saved = scope;
        Set<String> names = new HashSet<>();
        for (Term.RecBinding rb : t.bindings()) {
            if (!names.add(rb.name())) {
                error(rb.span(), "'" + rb.name() + "' is defined twice in one 'let rec'");
            }
            scope = new Purity.Binding(rb.name(), rb.lambda(), scope);
        }
        Code.Lambda[] fns = new Code.Lambda[t.bindings().size()];
        for (int i = 0; i < fns.length; i++) {
            fns[i] = (Code.Lambda) t.bindings().get(i).lambda().accept(this);
        }
        Code body = t.body().accept(this);
        scope = saved;
        return new Code.LetRec(fns, body, t.span());
    }

    /** {@code let [ann] x <- d in e} is {@code let x = Prob.assume (ann, "x", d) in e}; see {@link #ASSUME}. */
    public Code visitRandomVar(Term.RandomVar t) {
        Span at = t.span();
        Code assume = global(ASSUME, at);
        Code args = new Code.Collect(Code.Collect.Shape.TUPLE, new Code[] {
                new Code.Const(new Value.Str(t.annotation() == null ? "" : t.annotation()), at),
                new Code.Const(new Value.Str(t.name()), at),
                t.distribution().accept(this)}, null, at);
        Bind x = new Bind.Name(t.name(), at);
        return new Code.Let(x, new Code.App(assume, args, at), withScope(x, t.body()), at);
    }

    public Code visitIf(Term.If t) {
        boolean pure = purity.pure(t.then(), scope) && purity.pure(t.otherwise(), scope);
        return ite(t.condition().accept(this), () -> t.then().accept(this), () -> t.otherwise().accept(this), pure, t.span());
    }

    /** The name the value of an {@code if}'s condition is bound to: no program can write it. */
    private static final String CONDITION = " condition";

    /**
     * {@code Bool.ite c (fun () -> a) (fun () -> b)}: the prelude decides, through a Church boolean — by
     * {@value #ITE_PURE} when neither branch has an effect, so that a random condition may keep both. Compiled as a
     * {@link Code.If}: the condition's value is bound, the branches are compiled under that binding, and the machine
     * runs the branch at once when the value is a host boolean (what the prelude would do), else the application.
     */
    private Code ite(Code c, java.util.function.Supplier<Code> a, java.util.function.Supplier<Code> b, boolean pure, Span at) {
        Purity.Binding saved = scope;
        scope = new Purity.Binding(CONDITION, null, scope);
        try {
            Code then = a.get();
            Code otherwise = b.get();
            Code.Lambda thenThunk = new Code.Lambda(new Bind.Unit(at), "then", then, at);
            Code.Lambda elseThunk = new Code.Lambda(new Bind.Unit(at), "else", otherwise, at);
            Code f = global(pure ? ITE_PURE : "Bool.ite", at);
            Code viaPrelude = new Code.App(new Code.App(new Code.App(f, new Code.Local(0, at), at), thenThunk, at), elseThunk, at);
            return new Code.If(c, then, otherwise, viaPrelude, at);
        } finally {
            scope = saved;
        }
    }

    public Code visitBinary(Term.Binary t) {
        Code l = t.left().accept(this);
        switch (t.op()) {
            case "&&": return ite(l, () -> t.right().accept(this), () -> new Code.Const(Value.Bool.FALSE, t.span()),
                    purity.pure(t.right(), scope), t.span());
            case "||": return ite(l, () -> new Code.Const(Value.Bool.TRUE, t.span()), () -> t.right().accept(this),
                    purity.pure(t.right(), scope), t.span());
            default: break;
        }
        Code r = t.right().accept(this);
        switch (t.op()) {
            case ";": return new Code.Let(new Bind.Wild(t.span()), l, r, t.span());
            case "::": return new Code.Cons(l, r, t.span());
            case "+": return new Code.Binary(Prims.Op.ADD, l, r, t.span());
            case "-": return new Code.Binary(Prims.Op.SUB, l, r, t.span());
            case "*": return new Code.Binary(Prims.Op.MUL, l, r, t.span());
            case "/": return new Code.Binary(Prims.Op.DIV, l, r, t.span());
            case "%": return new Code.Binary(Prims.Op.MOD, l, r, t.span());
            case "^": return new Code.Binary(Prims.Op.CONCAT, l, r, t.span());
            case "=": return new Code.Binary(Prims.Op.EQ, l, r, t.span());
            case "<>": return new Code.Binary(Prims.Op.NE, l, r, t.span());
            case "<": return new Code.Binary(Prims.Op.LT, l, r, t.span());
            case "<=": return new Code.Binary(Prims.Op.LE, l, r, t.span());
            case ">": return new Code.Binary(Prims.Op.GT, l, r, t.span());
            case ">=": return new Code.Binary(Prims.Op.GE, l, r, t.span());
            default: throw new IllegalStateException("operator " + t.op());
        }
    }

    public Code visitUnary(Term.Unary t) {
        if (t.op().equals("-") && t.operand() instanceof Term.IntLit) {
            return new Code.Const(Value.Int.of(-((Term.IntLit) t.operand()).value()), t.span());
        }
        if (t.op().equals("-") && t.operand() instanceof Term.FloatLit) {
            return new Code.Const(new Value.Flt(-((Term.FloatLit) t.operand()).value()), t.span());
        }
        return new Code.Unary(t.op().equals("-") ? Prims.Op.NEG : Prims.Op.NOT, t.operand().accept(this), t.span());
    }

    public Code visitField(Term.Field t) {
        return new Code.Field(t.record().accept(this), t.name(), t.span());
    }

    public Code visitTuple(Term.TupleLit t) {
        return new Code.Collect(Code.Collect.Shape.TUPLE, compileAll(t.elements()), null, t.span());
    }

    public Code visitList(Term.ListLit t) {
        return new Code.Collect(Code.Collect.Shape.LIST, compileAll(t.elements()), null, t.span());
    }

    public Code visitRecord(Term.RecordLit t) {
        return new Code.Collect(Code.Collect.Shape.RECORD, compileAll(t.values()), t.names().toArray(new String[0]),
                t.span());
    }

    public Code visitError(Term.ErrorTerm t) {
        throw new IllegalStateException("error node compiled at " + t.span());
    }

    private Code[] compileAll(List<Term> ts) {
        Code[] out = new Code[ts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ts.get(i).accept(this);
        }
        return out;
    }
}
