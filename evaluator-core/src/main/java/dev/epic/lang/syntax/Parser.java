package dev.epic.lang.syntax;

import static dev.epic.lang.syntax.TokenKind.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for the grammar of {@code LANGUAGE.md} §1: declarations, operators by precedence,
 * applications and atoms here; the forms that bind names in {@link Binders}; bracketed literals and strings
 * in {@link Literals}; reading tokens and recovering from errors in {@link TokenCursor}. On an error it records a diagnostic, skips to a point where parsing can
 * resume (a closing bracket, {@code in}, a separator) and goes on, so one pass reports every syntax error it
 * can. Nesting is bounded ({@link #MAX_DEPTH}) so that deep input gives an error instead of exhausting the
 * stack.
 */
public final class Parser {
    public static final int MAX_DEPTH = 10_000;

    private static final Set<TokenKind> ATOM_START = EnumSet.of(INT, FLOAT, STRING, NAME, QNAME, TRUE, FALSE,
            LPAREN, LBRACK, LBRACE);

    private static final Set<TokenKind> CMP = EnumSet.of(EQ, NE, LT, LE, GT, GE);

    private final TokenCursor in;
    private final Binders binders;
    private final Literals literals;
    private final boolean allowQualifiedDecls;

    Parser(TokenCursor in, boolean allowQualifiedDecls) {
        this.in = in;
        this.binders = new Binders(this, in);
        this.literals = new Literals(this, in);
        this.allowQualifiedDecls = allowQualifiedDecls;
    }

    /** Parses a whole program; throws {@link CompileException} with every error found. */
    public static Term parse(Source source) {
        return parse(source, false);
    }

    /** @param prelude whether {@code val List.map = …} declarations are allowed (preludes define them). */
    public static Term parse(Source source, boolean prelude) {
        List<Diagnostic> errors = new ArrayList<>();
        List<Token> tokens = new Lexer(source, 0, source.text().length(), errors).tokenize();
        Parser p = new Parser(new TokenCursor(source, tokens, errors, 0), prelude);
        Term program;
        try {
            program = p.program();
        } catch (TokenCursor.TooDeep e) {
            program = null;
        }
        if (!errors.isEmpty()) {
            // The lexer reports before the parser, and interpolations are lexed late: report in source order.
            errors.sort(Comparator.comparingInt((Diagnostic d) -> d.span().line()).thenComparingInt(d -> d.span().column()));
            throw new CompileException(errors);
        }
        return program;
    }

    /** Parses an expression; on an error skips to one of {@code stops} and stands an error node in. */
    Term recovering(Set<TokenKind> stops) {
        Span start = in.here();
        try {
            return expr();
        } catch (TokenCursor.Bail b) {
            in.skipTo(stops);
            return new Term.ErrorTerm(start);
        }
    }

    // ---- program and declarations --------------------------------------------------------------------

    private Term program() {
        record Decl(Term.Param pattern, Term value, Span span) {}
        List<Decl> decls = new ArrayList<>();
        while (in.kind() == VAL) {
            Token v = in.advance();
            try {
                Term.Param pat;
                if (allowQualifiedDecls && in.kind() == QNAME) {
                    Token q = in.advance();
                    pat = new Term.PName(q.text(), in.span(q));
                } else {
                    pat = binders.param();
                }
                in.expect(EQ, "after the pattern of 'val'");
                Term value = recovering(EnumSet.of(IN, VAL));
                in.expect(IN, "to end the 'val' declaration");
                decls.add(new Decl(pat, value, in.span(v)));
            } catch (TokenCursor.Bail b) {
                in.skipTo(EnumSet.of(VAL));
            }
        }
        Term body = in.kind() == EOF && !decls.isEmpty() ? new Term.UnitLit(in.here()) : recovering(EnumSet.noneOf(TokenKind.class));
        if (in.kind() != EOF) {
            in.errors.add(new Diagnostic(in.here(), "unexpected " + TokenCursor.describe(in.peek()) + " after the end of the program"
                    + (TokenCursor.isCloser(in.kind()) ? " (unbalanced brackets?)" : "")));
        }
        for (int i = decls.size() - 1; i >= 0; i--) {
            Decl d = decls.get(i);
            body = new Term.Let(d.pattern(), Binders.name(d.value(), d.pattern()), body, d.span());
        }
        return body;
    }

    // ---- expressions, loosest operator first ---------------------------------------------------------

    Term expr() {
        in.enter();
        try {
            Term left = orExpr();
            if (in.kind() == SEMI) {
                Token op = in.advance();
                Term right = expr();
                return new Term.Binary(";", left, right, in.span(op));
            }
            return left;
        } finally {
            in.leave();
        }
    }

    Term orExpr() {
        Term left = andExpr();
        if (in.kind() == OROR) {
            Token op = in.advance();
            return new Term.Binary("||", left, orExpr(), in.span(op));
        }
        return left;
    }

    private Term andExpr() {
        Term left = cmpExpr();
        if (in.kind() == ANDAND) {
            Token op = in.advance();
            return new Term.Binary("&&", left, andExpr(), in.span(op));
        }
        return left;
    }

    private Term cmpExpr() {
        Term left = consExpr();
        if (CMP.contains(in.kind())) {
            Token op = in.advance();
            Term right = consExpr();
            if (CMP.contains(in.kind())) {
                throw in.fail(in.peek(), "comparison operators do not chain: parenthesise '" + op.text() + "' or '"
                        + in.peek().text() + "'");
            }
            return new Term.Binary(op.text(), left, right, in.span(op));
        }
        return left;
    }

    private Term consExpr() {
        Term left = addExpr();
        if (in.kind() == CONS) {
            Token op = in.advance();
            in.enter();
            try {
                return new Term.Binary("::", left, consExpr(), in.span(op));
            } finally {
                in.leave();
            }
        }
        return left;
    }

    private Term addExpr() {
        Term left = mulExpr();
        while (in.kind() == PLUS || in.kind() == MINUS || in.kind() == CARET) {
            Token op = in.advance();
            left = new Term.Binary(op.text(), left, mulExpr(), in.span(op));
        }
        return left;
    }

    private Term mulExpr() {
        Term left = unary();
        while (in.kind() == STAR || in.kind() == SLASH || in.kind() == PERCENT) {
            Token op = in.advance();
            left = new Term.Binary(op.text(), left, unary(), in.span(op));
        }
        return left;
    }

    private Term unary() {
        switch (in.kind()) {
            case MINUS:
            case NOT: {
                Token op = in.advance();
                in.enter();
                try {
                    return new Term.Unary(op.kind() == MINUS ? "-" : "not", unary(), in.span(op));
                } finally {
                    in.leave();
                }
            }
            case LET: return binders.let();
            case FUN: return binders.fun();
            case IF: return binders.ifExpr();
            default: return application();
        }
    }

    private Term application() {
        Term fn = postfix();
        while (ATOM_START.contains(in.kind())) {
            Term arg = postfix();
            fn = new Term.App(fn, arg, fn.span());
        }
        return fn;
    }

    private Term postfix() {
        Term t = atom();
        while (in.kind() == DOT) {
            Token dot = in.advance();
            Token field = in.expect(NAME, "after '.' (a record field)");
            t = new Term.Field(t, field.text(), in.span(dot));
        }
        return t;
    }

    // ---- atoms ---------------------------------------------------------------------------------------

    private Term atom() {
        Token t = in.peek();
        switch (t.kind()) {
            case INT:
                in.advance();
                return new Term.IntLit(Long.parseLong(t.text()), in.span(t));
            case FLOAT:
                in.advance();
                return new Term.FloatLit(Double.parseDouble(t.text()), in.span(t));
            case STRING:
                in.advance();
                return literals.string(t);
            case TRUE:
            case FALSE:
                in.advance();
                return new Term.BoolLit(t.kind() == TRUE, in.span(t));
            case NAME:
            case QNAME:
                in.advance();
                return new Term.Var(t.text(), in.span(t));
            case LPAREN:
                return literals.parenthesised();
            case LBRACK:
                return literals.list();
            case LBRACE:
                return literals.record();
            default:
                throw in.fail(t, "expected an expression but found " + TokenCursor.describe(t));
        }
    }
}
