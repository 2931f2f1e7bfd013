package dev.epic.lang.syntax;

import static dev.epic.lang.syntax.TokenKind.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for the grammar of {@code LANGUAGE.md} §1. On an error it records a diagnostic,
 * skips to a point where parsing can resume (a closing bracket, {@code in}, a separator) and goes on, so one
 * pass reports every syntax error it can. Nesting is bounded ({@link #MAX_DEPTH}) so that deep input gives an
 * error instead of exhausting the stack.
 */
public final class Parser {
    public static final int MAX_DEPTH = 10_000;

    private static final Set<TokenKind> ATOM_START = EnumSet.of(INT, FLOAT, STRING, NAME, QNAME, TRUE, FALSE,
            LPAREN, LBRACK, LBRACE);

    /** Unwinds to the nearest recovery point; carries no stack trace. */
    private static final class Bail extends RuntimeException {
        Bail() {
            super(null, null, false, false);
        }
    }

    /** Unwinds the whole parse when nesting is too deep. */
    private static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }

    private final Source source;
    private final List<Token> tokens;
    private final List<Diagnostic> errors;
    private final boolean allowQualifiedDecls;
    private int pos;
    private int depth;
    /** The closing brackets that the brackets open around the current point wait for, innermost last. */
    private final List<TokenKind> awaitedClosers = new ArrayList<>();

    private Parser(Source source, List<Token> tokens, List<Diagnostic> errors, boolean allowQualifiedDecls, int depth) {
        this.source = source;
        this.tokens = tokens;
        this.errors = errors;
        this.allowQualifiedDecls = allowQualifiedDecls;
        this.depth = depth;
    }

    /** Parses a whole program; throws {@link CompileException} with every error found. */
    public static Term parse(Source source) {
        return parse(source, false);
    }

    /** @param prelude whether {@code val List.map = …} declarations are allowed (the prelude defines them). */
    public static Term parse(Source source, boolean prelude) {
        List<Diagnostic> errors = new ArrayList<>();
        List<Token> tokens = new Lexer(source, 0, source.text().length(), errors).tokenize();
        Parser p = new Parser(source, tokens, errors, prelude, 0);
        Term program;
        try {
            program = p.program();
        } catch (TooDeep e) {
            program = null;
        }
        if (!errors.isEmpty()) {
            // The lexer reports before the parser, and interpolations are lexed late: report in source order.
            errors.sort(Comparator.comparingInt((Diagnostic d) -> d.span().line()).thenComparingInt(d -> d.span().column()));
            throw new CompileException(errors);
        }
        return program;
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(pos);
    }

    private TokenKind kind() {
        return tokens.get(pos).kind();
    }

    private TokenKind kindAt(int ahead) {
        int i = Math.min(pos + ahead, tokens.size() - 1);
        return tokens.get(i).kind();
    }

    private Token advance() {
        Token t = tokens.get(pos);
        if (t.kind() != EOF) {
            pos++;
        }
        return t;
    }

    private boolean accept(TokenKind k) {
        if (kind() == k) {
            advance();
            return true;
        }
        return false;
    }

    private Span span(Token t) {
        return source.span(t.offset());
    }

    private Span here() {
        return span(peek());
    }

    private Token expect(TokenKind k, String context) {
        if (kind() == k) {
            return advance();
        }
        throw fail(peek(), "expected " + k.display() + " " + context + " but found " + describe(peek()));
    }

    private Token close(TokenKind k, Token opener) {
        if (kind() == k) {
            return advance();
        }
        if (kind() == EOF) {
            throw fail(opener, "unclosed " + opener.kind().display() + ": no matching " + k.display()
                    + " before the end of input");
        }
        Token found = peek();
        Bail bail = fail(found, "expected " + k.display() + " to close " + opener.kind().display() + " at "
                + span(opener).lineColumn() + " but found " + describe(found));
        if (isCloser(found.kind()) && !awaitedOutside(found.kind())) {
            // A closing bracket of the wrong kind that no enclosing bracket waits for is most likely a typo for
            // this one: let it close this bracket, so that one mistake gives one error and parsing goes on.
            return advance();
        }
        throw bail;
    }

    private static boolean isCloser(TokenKind k) {
        return k == RPAREN || k == RBRACK || k == RBRACE;
    }

    /** Whether a bracket enclosing the innermost open one waits for {@code closer}. */
    private boolean awaitedOutside(TokenKind closer) {
        return awaitedClosers.subList(0, Math.max(awaitedClosers.size() - 1, 0)).contains(closer);
    }

    private static String describe(Token t) {
        switch (t.kind()) {
            case EOF: return "end of input";
            case NAME: case QNAME: return "name '" + t.text() + "'";
            case INT: case FLOAT: return "number " + t.text();
            case STRING: return "a string";
            default: return t.kind().display();
        }
    }

    private Bail fail(Token at, String message) {
        errors.add(new Diagnostic(span(at), message));
        return new Bail();
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            errors.add(new Diagnostic(here(), "expression nested too deeply (more than " + MAX_DEPTH + " levels)"));
            throw new TooDeep();
        }
    }

    /** Skips tokens until one of {@code stops} at bracket depth 0 (not consumed) or end of input. */
    private void skipTo(Set<TokenKind> stops) {
        int nesting = 0;
        while (kind() != EOF) {
            TokenKind k = kind();
            if (nesting == 0 && stops.contains(k)) {
                return;
            }
            if (k == LPAREN || k == LBRACK || k == LBRACE) {
                nesting++;
            } else if (k == RPAREN || k == RBRACK || k == RBRACE) {
                if (nesting == 0) {
                    return;
                }
                nesting--;
            }
            advance();
        }
    }

    /** Parses an expression; on an error skips to one of {@code stops} and stands an error node in. */
    private Term recovering(Set<TokenKind> stops) {
        Span start = here();
        try {
            return expr();
        } catch (Bail b) {
            skipTo(stops);
            return new Term.ErrorTerm(start);
        }
    }

    // ---- program and declarations --------------------------------------------------------------------

    private Term program() {
        record Decl(Term.Param pattern, Term value, Span span) {}
        List<Decl> decls = new ArrayList<>();
        while (kind() == VAL) {
            Token v = advance();
            try {
                Term.Param pat;
                if (allowQualifiedDecls && kind() == QNAME) {
                    Token q = advance();
                    pat = new Term.PName(q.text(), span(q));
                } else {
                    pat = param();
                }
                expect(EQ, "after the pattern of 'val'");
                Term value = recovering(EnumSet.of(IN, VAL));
                expect(IN, "to end the 'val' declaration");
                decls.add(new Decl(pat, value, span(v)));
            } catch (Bail b) {
                skipTo(EnumSet.of(VAL));
            }
        }
        Term body = kind() == EOF && !decls.isEmpty() ? new Term.UnitLit(here()) : recovering(EnumSet.noneOf(TokenKind.class));
        if (kind() != EOF) {
            errors.add(new Diagnostic(here(), "unexpected " + describe(peek()) + " after the end of the program"
                    + (kind() == RPAREN || kind() == RBRACK || kind() == RBRACE ? " (unbalanced brackets?)" : "")));
        }
        for (int i = decls.size() - 1; i >= 0; i--) {
            Decl d = decls.get(i);
            body = new Term.Let(d.pattern(), name(d.value(), d.pattern()), body, d.span());
        }
        return body;
    }

    // ---- expressions ---------------------------------------------------------------------------------

    private Term expr() {
        enter();
        try {
            Term left = orExpr();
            if (kind() == SEMI) {
                Token op = advance();
                Term right = expr();
                return new Term.Binary(";", left, right, span(op));
            }
            return left;
        } finally {
            depth--;
        }
    }

    private Term orExpr() {
        Term left = andExpr();
        if (kind() == OROR) {
            Token op = advance();
            return new Term.Binary("||", left, orExpr(), span(op));
        }
        return left;
    }

    private Term andExpr() {
        Term left = cmpExpr();
        if (kind() == ANDAND) {
            Token op = advance();
            return new Term.Binary("&&", left, andExpr(), span(op));
        }
        return left;
    }

    private static final Set<TokenKind> CMP = EnumSet.of(EQ, NE, LT, LE, GT, GE);

    private Term cmpExpr() {
        Term left = consExpr();
        if (CMP.contains(kind())) {
            Token op = advance();
            Term right = consExpr();
            if (CMP.contains(kind())) {
                throw fail(peek(), "comparison operators do not chain: parenthesise '" + op.text() + "' or '"
                        + peek().text() + "'");
            }
            return new Term.Binary(op.text(), left, right, span(op));
        }
        return left;
    }

    private Term consExpr() {
        Term left = addExpr();
        if (kind() == CONS) {
            Token op = advance();
            enter();
            try {
                return new Term.Binary("::", left, consExpr(), span(op));
            } finally {
                depth--;
            }
        }
        return left;
    }

    private Term addExpr() {
        Term left = mulExpr();
        while (kind() == PLUS || kind() == MINUS || kind() == CARET) {
            Token op = advance();
            left = new Term.Binary(op.text(), left, mulExpr(), span(op));
        }
        return left;
    }

    private Term mulExpr() {
        Term left = unary();
        while (kind() == STAR || kind() == SLASH || kind() == PERCENT) {
            Token op = advance();
            left = new Term.Binary(op.text(), left, unary(), span(op));
        }
        return left;
    }

    private Term unary() {
        switch (kind()) {
            case MINUS: {
                Token op = advance();
                enter();
                try {
                    return new Term.Unary("-", unary(), span(op));
                } finally {
                    depth--;
                }
            }
            case NOT: {
                Token op = advance();
                enter();
                try {
                    return new Term.Unary("not", unary(), span(op));
                } finally {
                    depth--;
                }
            }
            case LET: return let();
            case FUN: return fun();
            case IF: return ifExpr();
            default: return application();
        }
    }

    private Term application() {
        Term fn = postfix();
        while (ATOM_START.contains(kind())) {
            Term arg = postfix();
            fn = new Term.App(fn, arg, fn.span());
        }
        return fn;
    }

    private Term postfix() {
        Term t = atom();
        while (kind() == DOT) {
            Token dot = advance();
            Token field = expect(NAME, "after '.' (a record field)");
            t = new Term.Field(t, field.text(), span(dot));
        }
        return t;
    }

    private Term atom() {
        Token t = peek();
        switch (t.kind()) {
            case INT:
                advance();
                return new Term.IntLit(Long.parseLong(t.text()), span(t));
            case FLOAT:
                advance();
                return new Term.FloatLit(Double.parseDouble(t.text()), span(t));
            case STRING:
                advance();
                return string(t);
            case TRUE:
                advance();
                return new Term.BoolLit(true, span(t));
            case FALSE:
                advance();
                return new Term.BoolLit(false, span(t));
            case NAME:
            case QNAME:
                advance();
                return new Term.Var(t.text(), span(t));
            case LPAREN:
                return parenthesised();
            case LBRACK:
                return list();
            case LBRACE:
                return record();
            default:
                throw fail(t, "expected an expression but found " + describe(t));
        }
    }

    private Term parenthesised() {
        Token open = advance();
        if (accept(RPAREN)) {
            return new Term.UnitLit(span(open));
        }
        awaitedClosers.add(RPAREN);
        try {
            List<Term> elements = new ArrayList<>();
            Set<TokenKind> stops = EnumSet.of(COMMA, RPAREN);
            elements.add(recovering(stops));
            while (accept(COMMA)) {
                elements.add(recovering(stops));
            }
            close(RPAREN, open);
            return elements.size() == 1 ? elements.get(0) : new Term.TupleLit(elements, span(open));
        } finally {
            awaitedClosers.remove(awaitedClosers.size() - 1);
        }
    }

    private Term list() {
        Token open = advance();
        awaitedClosers.add(RBRACK);
        try {
            List<Term> elements = new ArrayList<>();
            if (!accept(RBRACK)) {
                Set<TokenKind> stops = EnumSet.of(COMMA, RBRACK);
                elements.add(recovering(stops));
                while (accept(COMMA)) {
                    elements.add(recovering(stops));
                }
                close(RBRACK, open);
            }
            return new Term.ListLit(elements, span(open));
        } finally {
            awaitedClosers.remove(awaitedClosers.size() - 1);
        }
    }

    private Term record() {
        Token open = advance();
        awaitedClosers.add(RBRACE);
        try {
            List<String> names = new ArrayList<>();
            List<Term> values = new ArrayList<>();
            if (!accept(RBRACE)) {
                do {
                    Token name = expect(NAME, "(a field name) in a record");
                    if (names.contains(name.text())) {
                        errors.add(new Diagnostic(span(name), "duplicate field '" + name.text() + "' in record"));
                    }
                    expect(EQ, "after the field name '" + name.text() + "'");
                    names.add(name.text());
                    Term value;
                    try {
                        value = orExpr();
                    } catch (Bail b) {
                        skipTo(EnumSet.of(SEMI, RBRACE));
                        value = new Term.ErrorTerm(span(name));
                    }
                    values.add(value);
                } while (accept(SEMI) && kind() != RBRACE);
                close(RBRACE, open);
            }
            return new Term.RecordLit(names, values, span(open));
        } finally {
            awaitedClosers.remove(awaitedClosers.size() - 1);
        }
    }

    private Term string(Token t) {
        if (t.parts().isEmpty()) {
            return new Term.StrLit(t.text(), span(t));
        }
        List<Term> parts = new ArrayList<>();
        for (Token.StringPart part : t.parts()) {
            if (part instanceof Token.Text) {
                parts.add(new Term.StrLit(((Token.Text) part).text(), span(t)));
            } else if (part instanceof Token.Embedded) {
                Token.Embedded e = (Token.Embedded) part;
                List<Token> inner = new Lexer(source, e.start(), e.end(), errors).tokenize();
                if (inner.size() == 1) {
                    errors.add(new Diagnostic(source.span(e.start()), "empty interpolation '${}'"));
                    continue;
                }
                Parser sub = new Parser(source, inner, errors, false, depth);
                try {
                    parts.add(sub.expr());
                    if (sub.kind() != EOF) {
                        errors.add(new Diagnostic(sub.here(), "unexpected " + describe(sub.peek()) + " in interpolation"));
                    }
                } catch (Bail b) {
                    parts.add(new Term.ErrorTerm(source.span(e.start())));
                }
            } else {
                throw new IllegalStateException("unknown string part " + part);
            }
        }
        return new Term.Interp(parts, span(t));
    }

    // ---- binders -------------------------------------------------------------------------------------

    private boolean paramStart() {
        TokenKind k = kind();
        return k == NAME || k == UNDERSCORE || k == LPAREN;
    }

    private Term.Param param() {
        Token t = peek();
        switch (t.kind()) {
            case NAME:
                advance();
                return new Term.PName(t.text(), span(t));
            case UNDERSCORE:
                advance();
                return new Term.PWild(span(t));
            case LPAREN: {
                advance();
                if (accept(RPAREN)) {
                    return new Term.PUnit(span(t));
                }
                awaitedClosers.add(RPAREN);
                try {
                    List<Term.Param> elements = new ArrayList<>();
                    elements.add(param());
                    while (accept(COMMA)) {
                        elements.add(param());
                    }
                    close(RPAREN, t);
                    return elements.size() == 1 ? elements.get(0) : new Term.PTuple(elements, span(t));
                } finally {
                    awaitedClosers.remove(awaitedClosers.size() - 1);
                }
            }
            default:
                throw fail(t, "expected a parameter (a name, '_', '()' or a tuple) but found " + describe(t));
        }
    }

    private List<Term.Param> params() {
        List<Term.Param> ps = new ArrayList<>();
        while (paramStart()) {
            ps.add(param());
        }
        return ps;
    }

    private static Term.Lambda lambda(List<Term.Param> params, Term body, String name, Span span) {
        Term result = body;
        for (int i = params.size() - 1; i >= 0; i--) {
            result = new Term.Lambda(params.get(i), result, name, i == 0 ? span : params.get(i).span());
        }
        return (Term.Lambda) result;
    }

    /** Gives a lambda bound by {@code let f = fun …} the name {@code f}, for traces. */
    private static Term name(Term value, Term.Param pattern) {
        if (value instanceof Term.Lambda && pattern instanceof Term.PName) {
            return named((Term.Lambda) value, ((Term.PName) pattern).name());
        }
        return value;
    }

    /** Names a lambda and the lambdas directly inside it ({@code fun a b -> …} is two). */
    private static Term.Lambda named(Term.Lambda l, String name) {
        if (l.name() != null) {
            return l;
        }
        Term body = l.body() instanceof Term.Lambda ? named((Term.Lambda) l.body(), name) : l.body();
        return new Term.Lambda(l.param(), body, name, l.span());
    }

    private Term fun() {
        Token f = advance();
        {
            List<Term.Param> ps = params();
            if (ps.isEmpty()) {
                throw fail(peek(), "expected a parameter after 'fun' but found " + describe(peek()));
            }
            expect(ARROW, "after the parameters of 'fun'");
            return lambda(ps, expr(), null, span(f));
        }
    }

    private Term ifExpr() {
        Token i = advance();
        {
            Term c = recovering(EnumSet.of(THEN, ELSE, IN));
            expect(THEN, "after the condition of 'if'");
            Term a = recovering(EnumSet.of(ELSE, IN));
            expect(ELSE, "('if' needs an 'else' branch)");
            Term b = expr();
            return new Term.If(c, a, b, span(i));
        }
    }

    private Term let() {
        Token let = advance();
        {
            if (accept(REC)) {
                return letRec(let);
            }
            if (kind() == NAME && (peek().text().equals("sample") || peek().text().equals("symbolic"))
                    && kindAt(1) == NAME && kindAt(2) == LARROW) {
                String annotation = advance().text();
                return randomVar(let, annotation);
            }
            if (kind() == NAME && kindAt(1) == LARROW) {
                return randomVar(let, null);
            }
            if (kind() == NAME && (kindAt(1) == NAME || kindAt(1) == UNDERSCORE || kindAt(1) == LPAREN)) {
                Token name = advance();
                List<Term.Param> ps = params();
                expect(EQ, "after the parameters of '" + name.text() + "'");
                Term value = recovering(EnumSet.of(IN));
                expect(IN, "after the definition of '" + name.text() + "'");
                Term.Lambda fn = lambda(ps, value, name.text(), span(name));
                return new Term.Let(new Term.PName(name.text(), span(name)), fn, expr(), span(let));
            }
            Term.Param pattern = param();
            expect(EQ, "after the pattern of 'let'");
            Term value = recovering(EnumSet.of(IN));
            expect(IN, "to end the 'let' binding (every 'let' needs 'in')");
            return new Term.Let(pattern, name(value, pattern), expr(), span(let));
        }
    }

    private Term letRec(Token let) {
        List<Term.RecBinding> bindings = new ArrayList<>();
        do {
            Token name = expect(NAME, "(the function's name) after 'let rec'");
            List<Term.Param> ps = params();
            expect(EQ, "after the parameters of '" + name.text() + "'");
            Token valueStart = peek();
            Term value = recovering(EnumSet.of(AND, IN));
            Term.Lambda fn;
            if (!ps.isEmpty()) {
                fn = lambda(ps, value, name.text(), span(name));
            } else if (value instanceof Term.Lambda) {
                fn = named((Term.Lambda) value, name.text());
            } else {
                throw fail(valueStart, "'let rec " + name.text() + "' must define a function: give it parameters or write 'fun … ->'");
            }
            bindings.add(new Term.RecBinding(name.text(), fn, span(name)));
        } while (accept(AND));
        expect(IN, "after the 'let rec' definitions");
        return new Term.LetRec(bindings, expr(), span(let));
    }

    private Term randomVar(Token let, String annotation) {
        Token name = expect(NAME, "(the random variable's name)");
        expect(LARROW, "after the random variable's name");
        Term dist = recovering(EnumSet.of(IN));
        expect(IN, "after the distribution");
        return new Term.RandomVar(annotation, name.text(), dist, expr(), span(let));
    }
}
