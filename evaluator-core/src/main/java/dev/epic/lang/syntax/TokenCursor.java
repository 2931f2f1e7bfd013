package dev.epic.lang.syntax;

import static dev.epic.lang.syntax.TokenKind.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parser's position in a token list, and its error handling: expecting a token, closing brackets,
 * recording a diagnostic and unwinding to a recovery point ({@link Bail}), skipping to where parsing can
 * resume, and bounding nesting ({@link TooDeep}).
 */
final class TokenCursor {
    /** Unwinds to the nearest recovery point; carries no stack trace. */
    static final class Bail extends RuntimeException {
        Bail() {
            super(null, null, false, false);
        }
    }

    /** Unwinds the whole parse when nesting is too deep. */
    static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }

    final Source source;
    final List<Diagnostic> errors;
    private final List<Token> tokens;
    private int pos;
    private int depth;
    /** The closing brackets that the brackets open around the current point wait for, innermost last. */
    private final List<TokenKind> awaitedClosers = new ArrayList<>();

    TokenCursor(Source source, List<Token> tokens, List<Diagnostic> errors, int depth) {
        this.source = source;
        this.tokens = tokens;
        this.errors = errors;
        this.depth = depth;
    }

    int depth() {
        return depth;
    }

    Token peek() {
        return tokens.get(pos);
    }

    TokenKind kind() {
        return tokens.get(pos).kind();
    }

    TokenKind kindAt(int ahead) {
        int i = Math.min(pos + ahead, tokens.size() - 1);
        return tokens.get(i).kind();
    }

    Token advance() {
        Token t = tokens.get(pos);
        if (t.kind() != EOF) {
            pos++;
        }
        return t;
    }

    boolean accept(TokenKind k) {
        if (kind() == k) {
            advance();
            return true;
        }
        return false;
    }

    Span span(Token t) {
        return source.span(t.offset());
    }

    Span here() {
        return span(peek());
    }

    Token expect(TokenKind k, String context) {
        if (kind() == k) {
            return advance();
        }
        throw fail(peek(), "expected " + k.display() + " " + context + " but found " + describe(peek()));
    }

    /** Opens a bracket: until {@link #closed}, a closer of this kind belongs to it. */
    void opened(TokenKind closer) {
        awaitedClosers.add(closer);
    }

    void closed() {
        awaitedClosers.remove(awaitedClosers.size() - 1);
    }

    Token close(TokenKind k, Token opener) {
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

    static boolean isCloser(TokenKind k) {
        return k == RPAREN || k == RBRACK || k == RBRACE;
    }

    /** Whether a bracket enclosing the innermost open one waits for {@code closer}. */
    private boolean awaitedOutside(TokenKind closer) {
        return awaitedClosers.subList(0, Math.max(awaitedClosers.size() - 1, 0)).contains(closer);
    }

    static String describe(Token t) {
        switch (t.kind()) {
            case EOF: return "end of input";
            case NAME: case QNAME: return "name '" + t.text() + "'";
            case INT: case FLOAT: return "number " + t.text();
            case STRING: return "a string";
            default: return t.kind().display();
        }
    }

    /** Records an error at {@code at}; the caller throws the result to unwind to a recovery point. */
    Bail fail(Token at, String message) {
        errors.add(new Diagnostic(span(at), message));
        return new Bail();
    }

    /** One level deeper; every {@code enter} is paired with a {@link #leave} in a {@code finally}. */
    void enter() {
        if (++depth > Parser.MAX_DEPTH) {
            errors.add(new Diagnostic(here(), "expression nested too deeply (more than " + Parser.MAX_DEPTH + " levels)"));
            throw new TooDeep();
        }
    }

    void leave() {
        depth--;
    }

    /** Skips tokens until one of {@code stops} at bracket depth 0 (not consumed) or end of input. */
    void skipTo(Set<TokenKind> stops) {
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
}
