package dev.epic.prob.lang;

import dev.epic.lang.eval.EvalError;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.Exprs;

/**
 * Crossing between the language's values and the symbolic layer's expressions: numbers and booleans become
 * constants, random expressions are themselves; back the other way, a constant leaves as a plain number or
 * boolean, so that a program keeps computing on host values wherever nothing is random.
 */
public final class SymValues {
    private SymValues() {}

    /** {@code v} as an expression; {@code what} names the argument for the error of any other value. */
    /** {@link #expr(Value, String, Span)} for an operand of {@code op}, naming it only when it is wrong. */
    public static Expr operand(Value v, dev.epic.lang.eval.Prims.Op op, boolean left, Span at) {
        if (v instanceof Expr) {
            return (Expr) v;
        }
        if (v instanceof Value.Flt) {
            return Exprs.num(((Value.Flt) v).value());
        }
        return expr(v, (left ? "the left of '" : "the right of '") + op.symbol + "'", at);
    }

    public static Expr expr(Value v, String what, Span at) {
        if (v instanceof Expr) {
            return (Expr) v;
        }
        if (v instanceof Value.Flt) {
            return Exprs.num(((Value.Flt) v).value());
        }
        if (v instanceof Value.Int) {
            return Exprs.num(((Value.Int) v).value());
        }
        if (v instanceof Value.Bool) {
            return Exprs.bool(((Value.Bool) v).value());
        }
        throw EvalError.at(at, what + " must be a number or a boolean, random or not, but is " + Values.preview(v, 60)
                + " (" + v.kindName() + ")");
    }

    /** Whether {@code v} is a number, a boolean or a random expression: something {@link #expr} takes. */
    public static boolean scalar(Value v) {
        return v instanceof Expr || v instanceof Value.Flt || v instanceof Value.Int || v instanceof Value.Bool;
    }

    /** {@code e} as a value of the language: constants as plain numbers and booleans. */
    public static Value value(Expr e) {
        if (e instanceof Expr.Const) {
            return new Value.Flt(((Expr.Const) e).value());
        }
        if (e instanceof Expr.BoolConst) {
            return Value.Bool.of(((Expr.BoolConst) e).value());
        }
        return e;
    }
}
