package dev.epic.lang.syntax;

import static dev.epic.lang.syntax.TokenKind.*;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The bracketed literals and strings, for the {@link Parser}: {@code ()}, parentheses and tuples, lists,
 * records (with their duplicate-field check), and strings with {@code ${…}} interpolations, each part parsed
 * as an expression of its own.
 */
final class Literals {
    private final Parser parser;
    private final TokenCursor in;

    Literals(Parser parser, TokenCursor in) {
        this.parser = parser;
        this.in = in;
    }

    Term parenthesised() {
        Token open = in.advance();
        if (in.accept(RPAREN)) {
            return new Term.UnitLit(in.span(open));
        }
        in.opened(RPAREN);
        try {
            List<Term> elements = elements(EnumSet.of(COMMA, RPAREN));
            in.close(RPAREN, open);
            return elements.size() == 1 ? elements.get(0) : new Term.TupleLit(elements, in.span(open));
        } finally {
            in.closed();
        }
    }

    Term list() {
        Token open = in.advance();
        in.opened(RBRACK);
        try {
            List<Term> elements = new ArrayList<>();
            if (!in.accept(RBRACK)) {
                elements = elements(EnumSet.of(COMMA, RBRACK));
                in.close(RBRACK, open);
            }
            return new Term.ListLit(elements, in.span(open));
        } finally {
            in.closed();
        }
    }

    /** One or more comma-separated expressions, each recovering at {@code stops}. */
    private List<Term> elements(Set<TokenKind> stops) {
        List<Term> elements = new ArrayList<>();
        elements.add(parser.recovering(stops));
        while (in.accept(COMMA)) {
            elements.add(parser.recovering(stops));
        }
        return elements;
    }

    Term record() {
        Token open = in.advance();
        in.opened(RBRACE);
        try {
            List<String> names = new ArrayList<>();
            List<Term> values = new ArrayList<>();
            if (!in.accept(RBRACE)) {
                do {
                    Token name = in.expect(NAME, "(a field name) in a record");
                    if (names.contains(name.text())) {
                        in.errors.add(new Diagnostic(in.span(name), "duplicate field '" + name.text() + "' in record"));
                    }
                    in.expect(EQ, "after the field name '" + name.text() + "'");
                    names.add(name.text());
                    Term value;
                    try {
                        value = parser.orExpr();
                    } catch (TokenCursor.Bail b) {
                        in.skipTo(EnumSet.of(SEMI, RBRACE));
                        value = new Term.ErrorTerm(in.span(name));
                    }
                    values.add(value);
                } while (in.accept(SEMI) && in.kind() != RBRACE);
                in.close(RBRACE, open);
            }
            return new Term.RecordLit(names, values, in.span(open));
        } finally {
            in.closed();
        }
    }

    /** A string literal; one with {@code ${…}} parts parses each part as an expression of its own. */
    Term string(Token t) {
        if (t.parts().isEmpty()) {
            return new Term.StrLit(t.text(), in.span(t));
        }
        Source source = in.source;
        List<Term> parts = new ArrayList<>();
        for (Token.StringPart part : t.parts()) {
            if (part instanceof Token.Text) {
                parts.add(new Term.StrLit(((Token.Text) part).text(), in.span(t)));
            } else if (part instanceof Token.Embedded) {
                Token.Embedded e = (Token.Embedded) part;
                List<Token> inner = new Lexer(source, e.start(), e.end(), in.errors).tokenize();
                if (inner.size() == 1) {
                    in.errors.add(new Diagnostic(source.span(e.start()), "empty interpolation '${}'"));
                    continue;
                }
                TokenCursor inside = new TokenCursor(source, inner, in.errors, in.depth());
                try {
                    parts.add(new Parser(inside, false).expr());
                    if (inside.kind() != EOF) {
                        in.errors.add(new Diagnostic(inside.here(), "unexpected " + TokenCursor.describe(inside.peek())
                                + " in interpolation"));
                    }
                } catch (TokenCursor.Bail b) {
                    parts.add(new Term.ErrorTerm(source.span(e.start())));
                }
            } else {
                throw new IllegalStateException("unknown string part " + part);
            }
        }
        return new Term.Interp(parts, in.span(t));
    }
}
