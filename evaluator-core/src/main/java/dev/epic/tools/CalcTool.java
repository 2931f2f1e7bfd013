package dev.epic.tools;

import dev.epic.spi.ExternalFunction;
import dev.epic.spi.ExternalCallException;
import dev.epic.lang.value.Value;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code calc e}: evaluates an arithmetic expression given as text ({@code "522250 + 231800 * 2"}: integers,
 * {@code + - * /} and parentheses) — a stand-in for a calculator tool. Answers an integer, or a float when a
 * division is not exact. A bad expression fails the call with a message saying where.
 */
public final class CalcTool implements ExternalFunction {
    @Override
    public String name() {
        return "calc";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public CompletionStage<Value> call(List<Value> args) {
        if (!(args.get(0) instanceof Value.Str)) {
            return CompletableFuture.failedFuture(new ExternalCallException("calc expects an expression as a string"));
        }
        try {
            double v = new Parser(((Value.Str) args.get(0)).value()).parse();
            Value out = v == Math.rint(v) && Math.abs(v) < 9e15 ? Value.Int.of((long) v) : new Value.Flt(v);
            return CompletableFuture.completedFuture(out);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ExternalCallException("calc: " + e.getMessage()));
        }
    }

    /** expr := term (('+'|'-') term)*; term := factor (('*'|'/') factor)*; factor := number | '(' expr ')' | '-' factor. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        double parse() {
            double v = expr();
            skip();
            if (i != s.length()) {
                throw new IllegalArgumentException("unexpected '" + s.charAt(i) + "' at character " + (i + 1));
            }
            return v;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private double expr() {
            double v = term();
            while (true) {
                skip();
                if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                    char op = s.charAt(i++);
                    double r = term();
                    v = op == '+' ? v + r : v - r;
                } else {
                    return v;
                }
            }
        }

        private double term() {
            double v = factor();
            while (true) {
                skip();
                if (i < s.length() && (s.charAt(i) == '*' || s.charAt(i) == '/')) {
                    char op = s.charAt(i++);
                    double r = factor();
                    if (op == '/' && r == 0) {
                        throw new IllegalArgumentException("division by zero");
                    }
                    v = op == '*' ? v * r : v / r;
                } else {
                    return v;
                }
            }
        }

        private double factor() {
            skip();
            if (i >= s.length()) {
                throw new IllegalArgumentException("the expression ends too early");
            }
            char c = s.charAt(i);
            if (c == '(') {
                i++;
                double v = expr();
                skip();
                if (i >= s.length() || s.charAt(i) != ')') {
                    throw new IllegalArgumentException("missing ')'");
                }
                i++;
                return v;
            }
            if (c == '-') {
                i++;
                return -factor();
            }
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("expected a number at character " + (i + 1));
            }
            return Double.parseDouble(s.substring(start, i));
        }
    }
}
