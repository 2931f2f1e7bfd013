package dev.epic.lang.syntax;

import static dev.epic.lang.syntax.TokenKind.*;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The forms that bind names, for the {@link Parser}: parameters and patterns, {@code fun}, {@code let} (with
 * its function sugar), {@code let rec}, random variables {@code let [sample|symbolic] x <- d}, and {@code if},
 * which extends as far right as a binder's body. Lambdas bound to a name are given that name, for traces.
 */
final class Binders {
    private final Parser parser;
    private final TokenCursor in;

    Binders(Parser parser, TokenCursor in) {
        this.parser = parser;
        this.in = in;
    }

    // ---- parameters ----------------------------------------------------------------------------------

    private boolean paramStart() {
        TokenKind k = in.kind();
        return k == NAME || k == UNDERSCORE || k == LPAREN;
    }

    Term.Param param() {
        Token t = in.peek();
        switch (t.kind()) {
            case NAME:
                in.advance();
                return new Term.PName(t.text(), in.span(t));
            case UNDERSCORE:
                in.advance();
                return new Term.PWild(in.span(t));
            case LPAREN: {
                in.advance();
                if (in.accept(RPAREN)) {
                    return new Term.PUnit(in.span(t));
                }
                in.opened(RPAREN);
                try {
                    List<Term.Param> elements = new ArrayList<>();
                    elements.add(param());
                    while (in.accept(COMMA)) {
                        elements.add(param());
                    }
                    in.close(RPAREN, t);
                    return elements.size() == 1 ? elements.get(0) : new Term.PTuple(elements, in.span(t));
                } finally {
                    in.closed();
                }
            }
            default:
                throw in.fail(t, "expected a parameter (a name, '_', '()' or a tuple) but found " + TokenCursor.describe(t));
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
    static Term name(Term value, Term.Param pattern) {
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

    // ---- binding forms -------------------------------------------------------------------------------

    Term fun() {
        Token f = in.advance();
        List<Term.Param> ps = params();
        if (ps.isEmpty()) {
            throw in.fail(in.peek(), "expected a parameter after 'fun' but found " + TokenCursor.describe(in.peek()));
        }
        in.expect(ARROW, "after the parameters of 'fun'");
        return lambda(ps, parser.expr(), null, in.span(f));
    }

    Term ifExpr() {
        Token i = in.advance();
        Term c = parser.recovering(EnumSet.of(THEN, ELSE, IN));
        in.expect(THEN, "after the condition of 'if'");
        Term a = parser.recovering(EnumSet.of(ELSE, IN));
        in.expect(ELSE, "('if' needs an 'else' branch)");
        Term b = parser.expr();
        return new Term.If(c, a, b, in.span(i));
    }

    Term let() {
        Token let = in.advance();
        if (in.accept(REC)) {
            return letRec(let);
        }
        if (in.kind() == NAME && (in.peek().text().equals("sample") || in.peek().text().equals("symbolic"))
                && in.kindAt(1) == NAME && in.kindAt(2) == LARROW) {
            String annotation = in.advance().text();
            return randomVar(let, annotation);
        }
        if (in.kind() == NAME && in.kindAt(1) == LARROW) {
            return randomVar(let, null);
        }
        if (in.kind() == NAME && (in.kindAt(1) == NAME || in.kindAt(1) == UNDERSCORE || in.kindAt(1) == LPAREN)) {
            Token name = in.advance();
            List<Term.Param> ps = params();
            in.expect(EQ, "after the parameters of '" + name.text() + "'");
            Term value = parser.recovering(EnumSet.of(IN));
            in.expect(IN, "after the definition of '" + name.text() + "'");
            Term.Lambda fn = lambda(ps, value, name.text(), in.span(name));
            return new Term.Let(new Term.PName(name.text(), in.span(name)), fn, parser.expr(), in.span(let));
        }
        Term.Param pattern = param();
        in.expect(EQ, "after the pattern of 'let'");
        Term value = parser.recovering(EnumSet.of(IN));
        in.expect(IN, "to end the 'let' binding (every 'let' needs 'in')");
        return new Term.Let(pattern, name(value, pattern), parser.expr(), in.span(let));
    }

    private Term letRec(Token let) {
        List<Term.RecBinding> bindings = new ArrayList<>();
        do {
            Token name = in.expect(NAME, "(the function's name) after 'let rec'");
            List<Term.Param> ps = params();
            in.expect(EQ, "after the parameters of '" + name.text() + "'");
            Token valueStart = in.peek();
            Term value = parser.recovering(EnumSet.of(AND, IN));
            Term.Lambda fn;
            if (!ps.isEmpty()) {
                fn = lambda(ps, value, name.text(), in.span(name));
            } else if (value instanceof Term.Lambda) {
                fn = named((Term.Lambda) value, name.text());
            } else {
                throw in.fail(valueStart, "'let rec " + name.text() + "' must define a function: give it parameters or write 'fun … ->'");
            }
            bindings.add(new Term.RecBinding(name.text(), fn, in.span(name)));
        } while (in.accept(AND));
        in.expect(IN, "after the 'let rec' definitions");
        return new Term.LetRec(bindings, parser.expr(), in.span(let));
    }

    private Term randomVar(Token let, String annotation) {
        Token name = in.expect(NAME, "(the random variable's name)");
        in.expect(LARROW, "after the random variable's name");
        Term dist = parser.recovering(EnumSet.of(IN));
        in.expect(IN, "after the distribution");
        return new Term.RandomVar(annotation, name.text(), dist, parser.expr(), in.span(let));
    }
}
