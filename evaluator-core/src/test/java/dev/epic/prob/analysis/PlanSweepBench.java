package dev.epic.prob.analysis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.prob.infer.Algorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The whole sweep, as a benchmark (not part of {@code mvn verify}): for every plan of every model template in the
 * directory named by {@code -Dsiren.templates} ({@code NAME.si.tmpl} with {@code {{var}}} where an annotation goes
 * and a {@code (* variables: … *)} line giving the plan numbering) and each algorithm, the analysis's verdict and
 * time, and the truth from {@code -Dsiren.seeds} seeded runs of 10 particles (default 20). Prints one line per
 * setting: plans truly satisfiable, accepted, unsound ones (accepted but violated: must be none), missed ones.
 */
class PlanSweepBench {
    private static final Pattern VARIABLES = Pattern.compile("\\(\\* variables: ([a-z_0-9 ]+) \\*\\)");

    @Test
    void sweep() throws Exception {
        String dir = System.getProperty("siren.templates");
        assumeTrue(dir != null, "set -Dsiren.templates=DIR to run the sweep");
        int seeds = Integer.getInteger("siren.seeds", 20);
        String only = System.getProperty("siren.only", "");
        Path base = Path.of(dir);
        List<Path> templates;
        try (Stream<Path> s = Files.list(base)) {
            templates = s.filter(p -> p.toString().endsWith(".si.tmpl")).sorted().toList();
        }
        for (Path t : templates) {
            String name = t.getFileName().toString().replace(".si.tmpl", "");
            if (!only.isEmpty() && !only.equals(name)) {
                continue;
            }
            String text = Files.readString(t);
            Matcher m = VARIABLES.matcher(text);
            if (!m.find()) {
                continue;
            }
            String[] vars = m.group(1).trim().split(" +");
            int k = vars.length;
            for (Algorithm a : Algorithm.values()) {
                List<Integer> truth = new ArrayList<>();
                List<Integer> accepted = new ArrayList<>();
                List<Integer> unsound = new ArrayList<>();
                List<Integer> missed = new ArrayList<>();
                long maxNanos = 0;
                long totalNanos = 0;
                for (int plan = 0; plan < (1 << k); plan++) {
                    String program = text;
                    for (int j = 0; j < k; j++) {
                        boolean sample = ((plan >> (k - 1 - j)) & 1) == 1;
                        program = program.replace("{{" + vars[j] + "}}", sample ? "sample" : "symbolic");
                    }
                    Source source = new Source(name + "_plan" + plan + ".si", program);
                    AnalysisResult r = Analysis.analyse(source, a, base, AnalysisSettings.defaults());
                    maxNanos = Math.max(maxNanos, r.nanos());
                    totalNanos += r.nanos();
                    Program compiled = Runs.compile(source, base);
                    boolean satisfiable = true;
                    for (long seed = 0; seed < seeds && satisfiable; seed++) {
                        satisfiable = Runs.violation(compiled, a, 10, seed) == null;
                    }
                    if (satisfiable) {
                        truth.add(plan);
                    }
                    if (r.accepted()) {
                        accepted.add(plan);
                        if (!satisfiable) {
                            unsound.add(plan);
                        }
                    } else if (satisfiable) {
                        missed.add(plan);
                        System.out.println("  missed " + name + " " + a + " plan " + plan + ": " + r.lines());
                    }
                }
                System.out.printf(Locale.ROOT, "%-13s %-3s truly %s accepted %s unsound %s missed %s"
                        + " analysis mean %.1f ms max %.1f ms%n", name, a, truth, accepted, unsound, missed,
                        totalNanos / 1e6 / (1 << k), maxNanos / 1e6);
            }
        }
    }
}
