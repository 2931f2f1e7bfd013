package dev.epic.prob.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.prob.infer.Algorithm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Soundness on generated programs: seeded random well-formed Siren programs (random variables of several families
 * with random annotations, observations, pure and impure ifs, a fold over data) are analysed under each algorithm;
 * whenever the analysis accepts, seeded runs of 10 particles raise no plan violation.
 */
class RandomProgramsSoundnessTest {
    static final int PROGRAMS = 300;
    static final int SEEDS = 4;

    @Test
    void acceptedPlansOfGeneratedProgramsAreHonoured() throws Exception {
        Path dir = AnalysisGoldenTest.dir();
        int accepted = 0;
        int rejected = 0;
        for (int n = 0; n < PROGRAMS; n++) {
            String text = new Generator(new Random(n)).program();
            Source source = new Source("generated" + n + ".si", text);
            Program program = Runs.compile(source, dir);
            for (Algorithm a : Algorithm.values()) {
                AnalysisResult r = Analysis.analyse(source, a, dir, AnalysisSettings.defaults());
                if (!r.accepted()) {
                    rejected++;
                    continue;
                }
                accepted++;
                for (long seed = 0; seed < SEEDS; seed++) {
                    assertThat(Runs.violation(program, a, 10, seed))
                            .as("program %d under %s, seed %d, accepted: %s%n%s", n, a, seed, r.lines(), text)
                            .isNull();
                }
            }
        }
        // The generator must exercise both verdicts.
        assertThat(accepted).isGreaterThan(PROGRAMS / 4);
        assertThat(rejected).isGreaterThan(PROGRAMS / 4);
    }

    /** Builds one program: global random variables, a step function folded over the rows of data/ys.csv. */
    static final class Generator {
        private final Random random;
        private int fresh;
        /** Variables in scope by kind: real, positive, probability, boolean. */
        private final List<String> reals = new ArrayList<>();
        private final List<String> positives = new ArrayList<>();
        private final List<String> probs = new ArrayList<>();
        private final List<String> bools = new ArrayList<>();
        private final StringBuilder out = new StringBuilder();

        Generator(Random random) {
            this.random = random;
        }

        String program() {
            int globals = 1 + random.nextInt(3);
            for (int i = 0; i < globals; i++) {
                randomVar(true);
            }
            List<String> captured = new ArrayList<>(reals);
            captured.addAll(positives);
            captured.addAll(probs);
            captured.addAll(bools);
            out.append("let step = fun (row, prev) ->\n");
            reals.add("prev");
            int statements = 1 + random.nextInt(5);
            for (int i = 0; i < statements; i++) {
                statement();
            }
            out.append("  ").append(pick(reals)).append("\nin\n");
            // Back to the globals: the step's variables are out of scope.
            for (List<String> kind : List.of(reals, positives, probs, bools)) {
                kind.retainAll(captured);
            }
            out.append("let last = fold(step, File.read(\"data/ys.csv\"), ").append(real()).append(") in\n");
            out.append("(last, ").append(captured.isEmpty() ? "0." : pick(captured)).append(")\n");
            return out.toString();
        }

        private void statement() {
            switch (random.nextInt(6)) {
                case 0, 1 -> randomVar(false);
                case 2 -> observe("  let () = ", " in\n");
                case 3 -> {
                    String v = "v" + fresh++;
                    out.append("  let ").append(v).append(" = if ").append(cond()).append(" then ").append(real())
                            .append(" else ").append(real()).append(" in\n");
                    reals.add(v);
                }
                case 4 -> {
                    out.append("  let () = if ").append(cond()).append(" then ");
                    observe("", "");
                    out.append(" else ");
                    observe("", "");
                    out.append(" in\n");
                }
                default -> out.append("  let () = resample() in\n");
            }
        }

        private void observe(String before, String after) {
            out.append(before);
            if (!probs.isEmpty() && random.nextInt(3) == 0) {
                out.append("observe(bernoulli(").append(pick(probs)).append("), List.hd(List.tl(row)) = 1.)");
            } else {
                out.append("observe(gaussian(").append(real()).append(", ").append(variance()).append("), List.hd(row))");
            }
            out.append(after);
        }

        private void randomVar(boolean global) {
            String[] annotations = {"symbolic ", "sample ", ""};
            String name = "x" + fresh++;
            String indent = global ? "" : "  ";
            out.append(indent).append("let ").append(annotations[random.nextInt(3)]).append(name).append(" <- ");
            switch (random.nextInt(global ? 4 : 5)) {
                case 0 -> {
                    out.append("gamma(").append(1 + random.nextInt(3)).append(".,  1.)");
                    positives.add(name);
                }
                case 1 -> {
                    out.append("beta(").append(1 + random.nextInt(3)).append(".,  2.)");
                    probs.add(name);
                }
                case 2 -> {
                    out.append("bernoulli(").append(probs.isEmpty() || random.nextBoolean() ? "0.3" : pick(probs)).append(")");
                    bools.add(name);
                }
                default -> {
                    out.append("gaussian(").append(real()).append(", ").append(variance()).append(")");
                    reals.add(name);
                }
            }
            out.append(" in\n");
        }

        private String real() {
            if (reals.isEmpty() || random.nextInt(4) == 0) {
                return (random.nextInt(5) - 2) + ".";
            }
            String x = pick(reals);
            return switch (random.nextInt(3)) {
                case 0 -> x;
                case 1 -> "2. * " + x + " + 1.";
                default -> reals.size() > 1 && random.nextBoolean() ? x + " + " + pick(reals) : x + " * " + x;
            };
        }

        private String variance() {
            if (!positives.isEmpty() && random.nextInt(3) == 0) {
                return "1. / " + pick(positives);
            }
            return (1 + random.nextInt(3)) + ".";
        }

        private String cond() {
            if (!bools.isEmpty() && random.nextInt(3) > 0) {
                return pick(bools);
            }
            return random.nextBoolean() ? "List.hd(List.tl(row)) = 1." : real() + " < 0.";
        }

        private String pick(List<String> xs) {
            return xs.get(random.nextInt(xs.size()));
        }
    }
}
