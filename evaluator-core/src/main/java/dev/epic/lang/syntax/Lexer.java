package dev.epic.lang.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a range of a {@link Source} into tokens. Errors are collected, not thrown: the lexer skips the bad
 * character or literal and goes on, so one pass reports every lexical error.
 */
public final class Lexer {
    private static final Map<String, TokenKind> KEYWORDS = Map.ofEntries(
            Map.entry("let", TokenKind.LET), Map.entry("rec", TokenKind.REC), Map.entry("and", TokenKind.AND),
            Map.entry("in", TokenKind.IN), Map.entry("fun", TokenKind.FUN), Map.entry("if", TokenKind.IF),
            Map.entry("then", TokenKind.THEN), Map.entry("else", TokenKind.ELSE), Map.entry("val", TokenKind.VAL),
            Map.entry("not", TokenKind.NOT), Map.entry("true", TokenKind.TRUE), Map.entry("false", TokenKind.FALSE));

    private final Source source;
    private final String text;
    private final int end;
    private final List<Diagnostic> errors;
    private int pos;
    /** Where the last token ended: "end of input" errors point there, not past trailing comments. */
    private int lastEnd;

    public Lexer(Source source, int start, int end, List<Diagnostic> errors) {
        this.source = source;
        this.text = source.text();
        this.pos = start;
        this.end = end;
        this.errors = errors;
    }

    public List<Token> tokenize() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipTrivia();
            if (pos >= end) {
                out.add(Token.of(TokenKind.EOF, "", out.isEmpty() ? end : lastEnd));
                return out;
            }
            Token t = next();
            if (t != null) {
                out.add(t);
                lastEnd = pos;
            }
        }
    }

    private void error(int offset, String message) {
        errors.add(new Diagnostic(source.span(offset), message));
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < end ? text.charAt(i) : '\0';
    }

    private void skipTrivia() {
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pos++;
            } else if (c == '#') {
                while (pos < end && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '(' && peek(1) == '*') {
                skipComment();
            } else {
                return;
            }
        }
    }

    private void skipComment() {
        int start = pos;
        int depth = 0;
        // Siren's comments do not nest: "(*" inside one is text.
        boolean nests = !source.sirenDialect();
        while (pos < end) {
            if (text.charAt(pos) == '(' && peek(1) == '*' && (nests || depth == 0)) {
                depth++;
                pos += 2;
            } else if (text.charAt(pos) == '*' && peek(1) == ')') {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
        error(start, "unterminated comment");
    }

    private Token next() {
        int start = pos;
        char c = text.charAt(pos);
        if (Character.isDigit(c)) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            return word();
        }
        if (c == '"') {
            return text.startsWith("\"\"\"", pos) && pos + 3 <= end ? tripleString() : string();
        }
        pos++;
        switch (c) {
            case '(': return Token.of(TokenKind.LPAREN, "(", start);
            case ')': return Token.of(TokenKind.RPAREN, ")", start);
            case '[': return Token.of(TokenKind.LBRACK, "[", start);
            case ']': return Token.of(TokenKind.RBRACK, "]", start);
            case '{': return Token.of(TokenKind.LBRACE, "{", start);
            case '}': return Token.of(TokenKind.RBRACE, "}", start);
            case ',': return Token.of(TokenKind.COMMA, ",", start);
            case ';': return Token.of(TokenKind.SEMI, ";", start);
            case '.': return Token.of(TokenKind.DOT, ".", start);
            case '+': return Token.of(TokenKind.PLUS, "+", start);
            case '*': return Token.of(TokenKind.STAR, "*", start);
            case '/': return Token.of(TokenKind.SLASH, "/", start);
            case '%': return Token.of(TokenKind.PERCENT, "%", start);
            case '^': return Token.of(TokenKind.CARET, "^", start);
            case '=': return Token.of(TokenKind.EQ, "=", start);
            case '-':
                if (peek(0) == '>') {
                    pos++;
                    return Token.of(TokenKind.ARROW, "->", start);
                }
                return Token.of(TokenKind.MINUS, "-", start);
            case '<':
                if (peek(0) == '=') {
                    pos++;
                    return Token.of(TokenKind.LE, "<=", start);
                }
                if (peek(0) == '>') {
                    pos++;
                    return Token.of(TokenKind.NE, "<>", start);
                }
                if (peek(0) == '-') {
                    pos++;
                    return Token.of(TokenKind.LARROW, "<-", start);
                }
                return Token.of(TokenKind.LT, "<", start);
            case '>':
                if (peek(0) == '=') {
                    pos++;
                    return Token.of(TokenKind.GE, ">=", start);
                }
                return Token.of(TokenKind.GT, ">", start);
            case ':':
                if (peek(0) == ':') {
                    pos++;
                    return Token.of(TokenKind.CONS, "::", start);
                }
                error(start, "unexpected character ':' (did you mean '::'?)");
                return null;
            case '|':
                if (peek(0) == '|') {
                    pos++;
                    return Token.of(TokenKind.OROR, "||", start);
                }
                error(start, "unexpected character '|' (did you mean '||'?)");
                return null;
            case '&':
                if (peek(0) == '&') {
                    pos++;
                    return Token.of(TokenKind.ANDAND, "&&", start);
                }
                error(start, "unexpected character '&' (did you mean '&&'?)");
                return null;
            default:
                error(start, "unexpected character '" + printable(c) + "'");
                return null;
        }
    }

    private static String printable(char c) {
        return c < 32 || c == 127 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private Token number() {
        int start = pos;
        while (pos < end && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        // In Siren's dialect every number is a float (1 is 1.0, and 1/2 is 0.5).
        boolean isFloat = source.sirenDialect();
        if (pos < end && text.charAt(pos) == '.' && Character.isDigit(peek(1))) {
            isFloat = true;
            pos++;
            while (pos < end && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
        } else if (pos < end && text.charAt(pos) == '.' && !Character.isLetter(peek(1)) && peek(1) != '_' && peek(1) != '.') {
            // A trailing dot: "2." is the float 2.0.
            isFloat = true;
            pos++;
        }
        if (pos < end && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')
                && (Character.isDigit(peek(1)) || ((peek(1) == '-' || peek(1) == '+') && Character.isDigit(peek(2))))) {
            isFloat = true;
            pos += 2;
            while (pos < end && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        String digits = text.substring(start, pos);
        if (!isFloat) {
            try {
                Long.parseLong(digits);
            } catch (NumberFormatException e) {
                error(start, "integer literal " + abbreviate(digits) + " does not fit in 64 bits");
                return Token.of(TokenKind.INT, "0", start);
            }
        }
        return Token.of(isFloat ? TokenKind.FLOAT : TokenKind.INT, digits, start);
    }

    private static String abbreviate(String s) {
        return s.length() > 30 ? s.substring(0, 27) + "..." : s;
    }

    private Token word() {
        int start = pos;
        while (pos < end && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                || text.charAt(pos) == '\'')) {
            pos++;
        }
        String w = text.substring(start, pos);
        if (w.equals("_")) {
            return Token.of(TokenKind.UNDERSCORE, w, start);
        }
        TokenKind kw = KEYWORDS.get(w);
        if (kw != null) {
            return Token.of(kw, w, start);
        }
        // Module-qualified builtin: a capitalised name, a dot and a name with no space between (List.map).
        if (Character.isUpperCase(w.charAt(0)) && pos + 1 < end && text.charAt(pos) == '.'
                && (Character.isLetter(text.charAt(pos + 1)) || text.charAt(pos + 1) == '_')) {
            pos++;
            int memberStart = pos;
            while (pos < end && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return Token.of(TokenKind.QNAME, w + "." + text.substring(memberStart, pos), start);
        }
        return Token.of(TokenKind.NAME, w, start);
    }

    /** {@code "…"} with escapes and {@code ${expr}} interpolation. */
    private Token string() {
        int start = pos;
        pos++;
        List<Token.StringPart> parts = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= end || text.charAt(pos) == '\n') {
                error(start, "unterminated string literal");
                break;
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\') {
                escape(sb);
            } else if (c == '$' && peek(1) == '{') {
                embedded(sb, parts);
            } else {
                sb.append(c);
                pos++;
            }
        }
        return stringToken(start, sb, parts);
    }

    /** {@code """…"""}: multi-line and raw except for {@code \$} and interpolation. */
    private Token tripleString() {
        int start = pos;
        pos += 3;
        List<Token.StringPart> parts = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= end) {
                error(start, "unterminated string literal (opened with \"\"\")");
                break;
            }
            if (text.startsWith("\"\"\"", pos)) {
                pos += 3;
                break;
            }
            char c = text.charAt(pos);
            if (c == '\\' && peek(1) == '$') {
                sb.append('$');
                pos += 2;
            } else if (c == '$' && peek(1) == '{') {
                embedded(sb, parts);
            } else {
                sb.append(c);
                pos++;
            }
        }
        return stringToken(start, sb, parts);
    }

    private Token stringToken(int start, StringBuilder sb, List<Token.StringPart> parts) {
        if (parts.isEmpty()) {
            return Token.of(TokenKind.STRING, sb.toString(), start);
        }
        if (sb.length() > 0) {
            parts.add(new Token.Text(sb.toString()));
        }
        return new Token(TokenKind.STRING, "", start, List.copyOf(parts));
    }

    private void escape(StringBuilder sb) {
        int at = pos;
        char e = peek(1);
        pos += 2;
        switch (e) {
            case 'n': sb.append('\n'); break;
            case 't': sb.append('\t'); break;
            case 'r': sb.append('\r'); break;
            case '0': sb.append('\0'); break;
            case '\\': sb.append('\\'); break;
            case '"': sb.append('"'); break;
            case '\'': sb.append('\''); break;
            case '$': sb.append('$'); break;
            case 'u': {
                if (pos + 4 <= end && text.substring(pos, pos + 4).chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
                    sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                } else {
                    error(at, "bad escape: \\u needs four hex digits");
                }
                break;
            }
            default:
                if (e == '\0' || e == '\n') {
                    pos--;
                }
                error(at, "bad escape '\\" + (e == '\0' || e == '\n' ? "" : printable(e)) + "' in string");
        }
    }

    /** Scans {@code ${ … }} to its matching brace, counting nested braces and skipping nested strings. */
    private void embedded(StringBuilder sb, List<Token.StringPart> parts) {
        int open = pos;
        pos += 2;
        int exprStart = pos;
        int depth = 1;
        while (pos < end && depth > 0) {
            char c = text.charAt(pos);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    break;
                }
            } else if (c == '"') {
                pos++;
                while (pos < end && text.charAt(pos) != '"' && text.charAt(pos) != '\n') {
                    pos += text.charAt(pos) == '\\' ? 2 : 1;
                }
            }
            pos++;
        }
        if (depth > 0) {
            error(open, "unterminated interpolation: '${' without a matching '}'");
            return;
        }
        if (sb.length() > 0) {
            parts.add(new Token.Text(sb.toString()));
            sb.setLength(0);
        }
        parts.add(new Token.Embedded(exprStart, pos));
        pos++;
    }
}
