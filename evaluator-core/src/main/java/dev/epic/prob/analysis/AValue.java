package dev.epic.prob.analysis;

import dev.epic.lang.syntax.Term;
import dev.epic.prob.sym.Expr;
import dev.epic.prob.sym.SymDist;
import java.util.List;

/**
 * The analysis's values: those of a Siren program, with numbers and booleans as symbolic expressions in which
 * {@link dev.epic.prob.sym.Exprs#UNKNOWN} stands for a constant the analysis cannot know (data, a sampled value),
 * and lists of unknown length.
 */
sealed interface AValue {
    /** A number, a boolean or a random expression. */
    record Num(Expr expr) implements AValue {
        @Override
        public String toString() {
            return expr.toString();
        }
    }

    record Str(String value) implements AValue {}

    enum Unit implements AValue {
        UNIT
    }

    record Tuple(List<AValue> elements) implements AValue {}

    /** A list of known length. */
    record Lst(List<AValue> elements) implements AValue {}

    /** A list of unknown length whose elements are all like {@code element}. */
    record UnkList(AValue element) implements AValue {}

    record Dist(SymDist dist) implements AValue {}

    /** A closure; compared by identity when paths are merged. */
    record Fn(Term.Lambda lambda, Env env) implements AValue {
        @Override
        public String toString() {
            return "fn@" + System.identityHashCode(lambda) + "/" + System.identityHashCode(env);
        }
    }

    /** A built-in, by name. */
    record Prim(String name) implements AValue {}
}
