package dev.epic.lang.compile;

import dev.epic.lang.eval.Curried;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.ExternalFn;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.eval.MachineHost;
import dev.epic.lang.eval.Parked;
import dev.epic.lang.syntax.CompileException;
import dev.epic.lang.syntax.Parser;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.syntax.Term;
import dev.epic.lang.value.Value;
import java.util.List;

/**
 * Evaluates the prelude's {@code val} declarations one by one into global bindings. Prelude code is pure and
 * runs on a machine whose host refuses external calls. Functions of several parameters are wrapped so that
 * they can also be called on one tuple.
 */
public final class PreludeLoader {
    private PreludeLoader() {}

    private static final MachineHost PURE = new MachineHost() {
        public Value callExternal(ExternalFn fn, List<Value> args, Span site) {
            throw EvalError.at(site, "the prelude may not call external functions");
        }

        public void output(Value v, Span site) {
            throw EvalError.at(site, "the prelude may not print");
        }

        public void park(Parked parked) {
            throw new IllegalStateException("the prelude has no pending values");
        }
    };

    public static void load(Source source, Globals globals) {
        load(source, globals, java.util.Set.of());
    }

    /** The same, with the language's effects (see {@link Compiler#compile(String, Term, Globals, java.util.Set)}). */
    public static void load(Source source, Globals globals, java.util.Set<String> effects) {
        Term t = Parser.parse(source, true);
        while (t instanceof Term.Let) {
            Term.Let let = (Term.Let) t;
            if (!(let.pattern() instanceof Term.PName)) {
                throw new CompileException(List.of(new dev.epic.lang.syntax.Diagnostic(let.span(),
                        "prelude declarations bind one name")));
            }
            String name = ((Term.PName) let.pattern()).name();
            Program p = Compiler.compile(source.name(), let.value(), globals, effects);
            Machine m = Machine.forProgram(p.code(), p.globals(), PURE, false);
            if (m.run(Long.MAX_VALUE) != Machine.Outcome.DONE) {
                throw new IllegalStateException("prelude definition of " + name + " failed: " + m.error().format());
            }
            Value v = m.result();
            int arity = Curried.arity(v);
            globals.define(name, arity > 1 ? new Curried(name, arity, v) : v);
            t = let.body();
        }
    }
}
