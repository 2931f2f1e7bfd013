package dev.epic.prob.analysis;

import dev.epic.lang.syntax.Term;
import java.util.ArrayList;
import java.util.List;

/** The direct subterms of a term, for the analysis's scans of the whole program. */
final class Terms {
    private Terms() {}

    static List<Term> children(Term t) {
        return t.accept(new Term.Visitor<List<Term>>() {
            public List<Term> visitInt(Term.IntLit x) {
                return List.of();
            }

            public List<Term> visitFloat(Term.FloatLit x) {
                return List.of();
            }

            public List<Term> visitString(Term.StrLit x) {
                return List.of();
            }

            public List<Term> visitBool(Term.BoolLit x) {
                return List.of();
            }

            public List<Term> visitUnit(Term.UnitLit x) {
                return List.of();
            }

            public List<Term> visitInterp(Term.Interp x) {
                return x.parts();
            }

            public List<Term> visitVar(Term.Var x) {
                return List.of();
            }

            public List<Term> visitLambda(Term.Lambda x) {
                return List.of(x.body());
            }

            public List<Term> visitApp(Term.App x) {
                return List.of(x.fn(), x.arg());
            }

            public List<Term> visitLet(Term.Let x) {
                return List.of(x.value(), x.body());
            }

            public List<Term> visitLetRec(Term.LetRec x) {
                List<Term> l = new ArrayList<>();
                x.bindings().forEach(b -> l.add(b.lambda()));
                l.add(x.body());
                return l;
            }

            public List<Term> visitRandomVar(Term.RandomVar x) {
                return List.of(x.distribution(), x.body());
            }

            public List<Term> visitIf(Term.If x) {
                return List.of(x.condition(), x.then(), x.otherwise());
            }

            public List<Term> visitBinary(Term.Binary x) {
                return List.of(x.left(), x.right());
            }

            public List<Term> visitUnary(Term.Unary x) {
                return List.of(x.operand());
            }

            public List<Term> visitField(Term.Field x) {
                return List.of(x.record());
            }

            public List<Term> visitTuple(Term.TupleLit x) {
                return x.elements();
            }

            public List<Term> visitList(Term.ListLit x) {
                return x.elements();
            }

            public List<Term> visitRecord(Term.RecordLit x) {
                return x.values();
            }

            public List<Term> visitError(Term.ErrorTerm x) {
                return List.of();
            }
        });
    }
}
