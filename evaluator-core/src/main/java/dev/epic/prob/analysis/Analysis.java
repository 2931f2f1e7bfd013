package dev.epic.prob.analysis;

import dev.epic.lang.syntax.CompileException;
import dev.epic.lang.syntax.Parser;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.syntax.Term;
import dev.epic.prob.infer.Algorithm;
import dev.epic.prob.infer.Decl;
import dev.epic.prob.infer.Encoding;
import dev.epic.prob.infer.PlanViolation;
import dev.epic.prob.infer.RuntimePlan;
import dev.epic.prob.infer.SymbolicState;
import dev.epic.prob.rand.RandomStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The static analysis of inference plans (SIREN.md §6): for one algorithm, whether every {@code symbolic} annotation
 * of a Siren program is guaranteed, and the plan it infers (each variable symbolic, sample or dynamic).
 *
 * <p>The program runs on one abstract particle ({@link Interpreter}) whose symbolic state is the algorithm's own,
 * with unknown numbers: data read with {@code File.read} and every sampled value are unknown, so an {@code if} that
 * depends on them follows both branches. The final mean of the result is simulated, since it can sample.
 */
public final class Analysis {
    private Analysis() {}

    /** Analyses the program in {@code file} (data paths relative to its directory). */
    public static AnalysisResult analyse(Path file, Algorithm algorithm) throws IOException {
        return analyse(new Source(file.toString(), Files.readString(file)), algorithm, parentOf(file),
                AnalysisSettings.defaults());
    }

    /** Analyses {@code source}; its data paths are relative to {@code baseDir}. */
    public static AnalysisResult analyse(Source source, Algorithm algorithm, Path baseDir, AnalysisSettings settings) {
        long start = System.nanoTime();
        Run run = new Run(algorithm, settings, baseDir);
        Term program;
        try {
            program = Parser.parse(source);
        } catch (CompileException e) {
            return new AnalysisResult(source.name(), algorithm, Map.of(), List.of(), List.of(e.getMessage()), false,
                    System.nanoTime() - start);
        }
        Interpreter in = new Interpreter(run);
        SymbolicState state = SymbolicState.create(algorithm, new RandomStream(0, 0, 0));
        state.useUnknownNumbers();
        boolean complete = true;
        try {
            List<Interpreter.Outcome> outcomes = in.guarded(() -> in.eval(program, Env.EMPTY, state));
            for (Interpreter.Outcome o : outcomes) {
                in.guarded(() -> {
                    in.mean(o.state(), o.value(), null);
                    run.plan(o.state());
                    return List.of();
                });
            }
        } catch (Interpreter.GiveUp g) {
            complete = false;
            run.note("the analysis gave up: " + g.getMessage());
            run.giveUp(program, g.getMessage());
        }
        return new AnalysisResult(source.name(), algorithm, run.plan, List.copyOf(run.violations.values()),
                List.copyOf(run.notes), complete, System.nanoTime() - start);
    }

    private static Path parentOf(Path file) {
        Path p = file.toAbsolutePath().getParent();
        return p == null ? Path.of(".") : p;
    }

    /**
     * {@code epic check}: analyses each file under {@code algorithm} and gives the lines to print (per file the
     * inferred plan, then the errors) and the exit status: 0 when every file's plan is guaranteed, 1 otherwise, 2
     * if a file cannot be read.
     */
    public static Report report(List<Path> files, Algorithm algorithm) {
        List<String> lines = new ArrayList<>();
        int status = 0;
        for (Path f : files) {
            try {
                AnalysisResult r = analyse(f, algorithm);
                lines.addAll(r.lines());
                if (!r.accepted()) {
                    status = Math.max(status, 1);
                }
            } catch (IOException e) {
                lines.add(f + ": error: cannot read: " + e.getMessage());
                status = 2;
            }
        }
        return new Report(lines, status);
    }

    /** What {@code epic check} prints, and its exit status. */
    public record Report(List<String> lines, int exitStatus) {}

    /** The state of one analysis: what it found so far. */
    static final class Run {
        final Algorithm algorithm;
        final AnalysisSettings settings;
        final Path baseDir;
        final Map<String, Violation> violations = new LinkedHashMap<>();
        final Map<String, Encoding> plan = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();

        Run(Algorithm algorithm, AnalysisSettings settings, Path baseDir) {
            this.algorithm = algorithm;
            this.settings = settings;
            this.baseDir = baseDir;
        }

        void note(String note) {
            if (!notes.contains(note)) {
                notes.add(note);
            }
        }

        void plan(SymbolicState s) {
            RuntimePlan.of(s).encodings().forEach((k, v) -> plan.merge(k, v, Encoding::join));
        }

        /** Records a violation on a path, which ends there. */
        Interpreter.Dead violated(SymbolicState s, PlanViolation v) {
            // The path ends before the variable is sampled: its state's plan, with the variable sampled.
            Map<String, Encoding> m = new LinkedHashMap<>(RuntimePlan.of(s).encodings());
            m.put(v.variable(), Encoding.SAMPLE);
            m.forEach((k, e) -> plan.merge(k, e, Encoding::join));
            Span at = v.declarationSite() instanceof Span sp ? sp : Span.NONE;
            violations.putIfAbsent(v.variable(), new Violation(v.variable(), at, v.trigger().describe()));
            return new Interpreter.Dead(v.getMessage());
        }

        /** The analysis stopped early: no symbolic annotation not yet refuted is guaranteed any more. */
        void giveUp(Term program, String why) {
            new Object() {
                void visit(Term t) {
                    if (t instanceof Term.RandomVar rv) {
                        Decl d = new Decl(rv.name(), Interpreter.annotation(rv.annotation()), rv.span());
                        plan.put(d.name(), Encoding.DYNAMIC);
                        if ("symbolic".equals(rv.annotation())) {
                            violations.putIfAbsent(rv.name(), new Violation(rv.name(), rv.span(),
                                    "the analysis gave up: " + why));
                        }
                    }
                    Terms.children(t).forEach(this::visit);
                }
            }.visit(program);
        }
    }
}
