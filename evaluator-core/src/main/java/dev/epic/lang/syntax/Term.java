package dev.epic.lang.syntax;

import java.util.List;

/** The abstract syntax tree. Immutable; passes over it are {@link Visitor}s. */
public sealed interface Term {
    Span span();

    <R> R accept(Visitor<R> v);

    /** One method per node kind, so a new node cannot be forgotten by a pass. */
    interface Visitor<R> {
        R visitInt(IntLit t);
        R visitFloat(FloatLit t);
        R visitString(StrLit t);
        R visitBool(BoolLit t);
        R visitUnit(UnitLit t);
        R visitInterp(Interp t);
        R visitVar(Var t);
        R visitLambda(Lambda t);
        R visitApp(App t);
        R visitLet(Let t);
        R visitLetRec(LetRec t);
        R visitRandomVar(RandomVar t);
        R visitIf(If t);
        R visitBinary(Binary t);
        R visitUnary(Unary t);
        R visitField(Field t);
        R visitTuple(TupleLit t);
        R visitList(ListLit t);
        R visitRecord(RecordLit t);
        R visitError(ErrorTerm t);
    }

    record IntLit(long value, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitInt(this); }
    }

    record FloatLit(double value, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitFloat(this); }
    }

    record StrLit(String value, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitString(this); }
    }

    record BoolLit(boolean value, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitBool(this); }
    }

    record UnitLit(Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitUnit(this); }
    }

    /** An interpolated string: literal pieces are {@link StrLit}, the rest are embedded expressions. */
    record Interp(List<Term> parts, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitInterp(this); }
    }

    record Var(String name, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitVar(this); }
    }

    /** {@code fun p -> body}; several parameters are nested lambdas. {@code name} is for error traces. */
    record Lambda(Param param, Term body, String name, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitLambda(this); }
    }

    record App(Term fn, Term arg, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitApp(this); }
    }

    record Let(Param pattern, Term value, Term body, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitLet(this); }
    }

    record RecBinding(String name, Lambda lambda, Span span) {}

    record LetRec(List<RecBinding> bindings, Term body, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitLetRec(this); }
    }

    /** {@code let [sample|symbolic] x <- dist in body}; {@code annotation} is null when absent. */
    record RandomVar(String annotation, String name, Term distribution, Term body, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitRandomVar(this); }
    }

    record If(Term condition, Term then, Term otherwise, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitIf(this); }
    }

    /** A binary operator, by its source spelling ({@code "+"}, {@code "::"}, {@code "&&"}, {@code ";"} …). */
    record Binary(String op, Term left, Term right, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitBinary(this); }
    }

    /** {@code -e} ({@code op = "-"}) or {@code not e}. */
    record Unary(String op, Term operand, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitUnary(this); }
    }

    record Field(Term record, String name, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitField(this); }
    }

    record TupleLit(List<Term> elements, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitTuple(this); }
    }

    record ListLit(List<Term> elements, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitList(this); }
    }

    record RecordLit(List<String> names, List<Term> values, Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitRecord(this); }
    }

    /** Stands where the parser recovered from an error; never evaluated. */
    record ErrorTerm(Span span) implements Term {
        public <R> R accept(Visitor<R> v) { return v.visitError(this); }
    }

    /** Parameters and let patterns. */
    sealed interface Param {
        Span span();
    }

    record PName(String name, Span span) implements Param {}

    record PWild(Span span) implements Param {}

    record PUnit(Span span) implements Param {}

    record PTuple(List<Param> elements, Span span) implements Param {}
}
