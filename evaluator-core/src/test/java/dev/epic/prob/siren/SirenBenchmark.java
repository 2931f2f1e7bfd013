package dev.epic.prob.siren;

import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.tools.ExternalRegistry;
import dev.epic.tools.FileReadTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One benchmark of {@code benchmarks/siren}: its annotated template {@code NAME.si.tmpl}, whose comment
 * {@code (* variables: v1 v2 … *)} lists the annotated variables in plan bit order and whose placeholder
 * {@code {{v}}} stands where {@code v}'s annotation goes. Plans are generated on the fly (SIREN.md §7.1): in plan
 * {@code id}, variable j (0-based) is {@code sample} iff bit k−1−j of {@code id} is 1, so plan 0 is all symbolic and
 * plan 2^k−1 all sampled. The unannotated program is the template with every placeholder removed. Programs read
 * their data relative to {@code benchmarks/siren} ({@code File.read("data/NAME.csv")}).
 */
public record SirenBenchmark(String name, List<String> variables, String template, Path dir) {
    /** The eleven benchmarks, in SIREN.md §7.2's order. */
    public static final List<String> NAMES = List.of("noise", "radar", "envnoise", "outlier", "outlierheavy", "gtree",
            "slds", "runner", "wheels", "slam", "aircraft");

    private static final Pattern VARIABLES = Pattern.compile("\\(\\* variables: ([A-Za-z0-9_ ]+) \\*\\)\\n?");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_]+)}}");

    /** {@code benchmarks/siren}, found from the working directory up (Maven runs tests in the module directory). */
    public static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("benchmarks").resolve("siren");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no benchmarks/siren above " + Path.of("").toAbsolutePath());
    }

    public static SirenBenchmark load(String name) {
        Path dir = root();
        String text;
        try {
            text = Files.readString(dir.resolve(name + ".si.tmpl"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = VARIABLES.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(name + ".si.tmpl has no (* variables: … *) comment");
        }
        List<String> vars = List.of(m.group(1).trim().split(" +"));
        return new SirenBenchmark(name, vars, text.substring(0, m.start()) + text.substring(m.end()), dir);
    }

    public static List<SirenBenchmark> all() {
        List<SirenBenchmark> out = new ArrayList<>();
        for (String n : NAMES) {
            out.add(load(n));
        }
        return out;
    }

    public int planCount() {
        return 1 << variables.size();
    }

    /** Whether variable {@code j} is {@code sample} in plan {@code id}. */
    public boolean sampled(int id, int j) {
        return ((id >> (variables.size() - 1 - j)) & 1) == 1;
    }

    /** The plan as {@code x - symbolic, invq - sample, …}. */
    public String describe(int id) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < variables.size(); j++) {
            sb.append(j == 0 ? "" : ", ").append(variables.get(j)).append(" - ").append(sampled(id, j) ? "sample" : "symbolic");
        }
        return sb.toString();
    }

    /** The text of plan {@code id}, opening with a comment that states it. */
    public String plan(int id) {
        if (id < 0 || id >= planCount()) {
            throw new IllegalArgumentException(name + " has plans 0.." + (planCount() - 1) + ", not " + id);
        }
        return "(* plan " + id + ": " + describe(id) + " *)\n" + fill(v -> sampled(id, variables.indexOf(v)) ? "sample" : "symbolic");
    }

    /** The program without annotations: the algorithm's heuristics decide (its runtime plan is the default plan). */
    public String unannotated() {
        return fill(v -> "");
    }

    private String fill(java.util.function.Function<String, String> annotation) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = m.group(1);
            if (!variables.contains(v)) {
                throw new IllegalStateException(name + ".si.tmpl: placeholder for " + v + ", which is not a listed variable");
            }
            String a = annotation.apply(v);
            m.appendReplacement(sb, a.isEmpty() ? "" : a);
        }
        m.appendTail(sb);
        // "let  x <-" without an annotation: one space is enough.
        return sb.toString().replace("let  ", "let ");
    }

    /** Compiles a program text of this benchmark (a plan, or the unannotated program), reading data from {@link #dir}. */
    public Program compile(String text, String fileName) {
        ExternalRegistry registry = ExternalRegistry.withDefaults().register(new FileReadTool(dir, 1 << 20));
        return StandardLanguage.compile(new Source(fileName, text), registry);
    }

    public Program compilePlan(int id) {
        return compile(plan(id), name + "-plan" + id + ".si");
    }

    public Program compileUnannotated() {
        return compile(unannotated(), name + ".si");
    }
}
