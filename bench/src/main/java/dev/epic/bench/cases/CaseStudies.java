package dev.epic.bench.cases;

import dev.epic.engine.Engine;
import dev.epic.engine.Event;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.model.LlmFunctions;
import dev.epic.model.ModelService;
import dev.epic.tools.ExternalRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The five case studies of {@code examples/}, each runnable three ways — EPIC's sequential engine, EPIC's
 * opportunistic engine, and the hand-written Java version — against the same model service, with what each
 * run cost measured from its events.
 */
public final class CaseStudies {
    /** One case: its program, and the hand-written version given the inputs read from that program. */
    public record Case(String name, Path file, Function<HandWritten, java.util.concurrent.CompletableFuture<Value>> handWritten) {}

    /** One run: its answer, wall time, time to first output, calls, and the critical-path bound of its calls. */
    public record Run(String answer, double wallMs, double firstOutputMs, long calls, double criticalPathMs, List<Event> events) {}

    public enum Way { SEQUENTIAL, OPPORTUNISTIC, HAND_WRITTEN }

    private static final Pattern QUOTED = Pattern.compile("\"([^\"\\n]+)\"");
    private static final Pattern TRIPLE = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL);

    private CaseStudies() {}

    public static List<Case> cases(Path examples) throws IOException {
        Path tot = examples.resolve("tree-of-thoughts.epic");
        Path tools = examples.resolve("tool-use.epic");
        Path mr = examples.resolve("map-reduce.epic");
        List<String> puzzles = quotedInLastList(Files.readString(tot));
        List<String> questions = quotedInLastList(Files.readString(tools));
        List<String> documents = new ArrayList<>();
        Matcher m = TRIPLE.matcher(Files.readString(mr));
        while (m.find()) {
            documents.add(m.group(1));
        }
        return List.of(
                new Case("tree-of-thoughts", tot, h -> h.treeOfThoughts(puzzles)),
                new Case("tool-use", tools, h -> h.toolUse(questions)),
                new Case("constrained-decoding", examples.resolve("constrained-decoding.epic"), HandWritten::constrainedDecoding),
                new Case("streaming-fanout", examples.resolve("streaming-fanout.epic"), HandWritten::streamingFanout),
                new Case("map-reduce", mr, h -> h.mapReduce(documents)));
    }

    /** The string literals of the program's last list literal (its inputs: puzzles, questions). */
    static List<String> quotedInLastList(String program) {
        String tail = program.substring(program.lastIndexOf('['));
        List<String> out = new ArrayList<>();
        Matcher m = QUOTED.matcher(tail);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    public static Run run(Case c, Way way, ModelService models, Engine sequential, Engine opportunistic) throws Exception {
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        String answer;
        if (way == Way.HAND_WRITTEN) {
            Value v = c.handWritten().apply(new HandWritten(new Calls(models, events::add))).get(10, TimeUnit.MINUTES);
            answer = Values.display(v);
        } else {
            Program p = StandardLanguage.compile(new Source(c.file().toString(), Files.readString(c.file())),
                    LlmFunctions.register(ExternalRegistry.withDefaults(), models));
            RunResult r = (way == Way.SEQUENTIAL ? sequential : opportunistic).run(p,
                    RunOptions.defaults().withTimeout(Duration.ofMinutes(10)).withEvents(events::add));
            if (!r.ok()) {
                throw new IllegalStateException(c.name() + " failed on the " + way + " engine: " + r.display());
            }
            answer = r.display();
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        List<Event> snapshot = new ArrayList<>(events);
        double first = snapshot.stream().filter(e -> e.kind().equals(Event.OUTPUT)).mapToDouble(Event::tMs).min().orElse(wall);
        long calls = snapshot.stream().filter(e -> e.kind().equals(Event.DISPATCH)).count();
        return new Run(answer, wall, first, calls, criticalPath(snapshot), snapshot);
    }

    /** A timeline of the run's external calls: one bar per call from dispatch to resolution, by function. */
    public static String timeline(String title, List<Event> events) {
        Map<Long, double[]> spans = new java.util.TreeMap<>();
        Map<Long, String> fns = new HashMap<>();
        List<Double> outputs = new ArrayList<>();
        for (Event e : events) {
            if (e.kind().equals(Event.DISPATCH)) {
                spans.put(e.call(), new double[] {e.tMs(), e.tMs()});
                fns.put(e.call(), e.fn());
            } else if (e.kind().equals(Event.RESOLVE) && spans.containsKey(e.call())) {
                spans.get(e.call())[1] = e.tMs();
            } else if (e.kind().equals(Event.OUTPUT)) {
                outputs.add((double) e.tMs());
            }
        }
        double end = 1;
        for (double[] s : spans.values()) {
            end = Math.max(end, s[1]);
        }
        List<String> names = fns.values().stream().distinct().sorted().toList();
        String[] colors = {"#4472c4", "#ed7d31", "#70ad47", "#7f6084", "#c0504d", "#2aa198"};
        int left = 20;
        int width = 760;
        int plot = width - 2 * left;
        double barH = Math.max(1.5, Math.min(8, 420.0 / Math.max(1, spans.size())));
        int top = 56;
        int height = (int) (top + spans.size() * barH + 40);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        sb.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        sb.append(String.format("<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", left, title));
        for (int i = 0; i < names.size(); i++) {
            sb.append(String.format("<rect x=\"%d\" y=\"30\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"39\">%s</text>%n",
                    left + i * 130, colors[i % colors.length], left + 14 + i * 130, names.get(i)));
        }
        int row = 0;
        for (Map.Entry<Long, double[]> e : spans.entrySet()) {
            double[] s = e.getValue();
            double x = left + plot * s[0] / end;
            double w = Math.max(1, plot * (s[1] - s[0]) / end);
            String color = colors[names.indexOf(fns.get(e.getKey())) % colors.length];
            sb.append(String.format(java.util.Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                    x, top + row * barH, w, Math.max(1, barH - 0.5), color));
            row++;
        }
        for (double t : outputs) {
            double x = left + plot * t / end;
            sb.append(String.format(java.util.Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" stroke-width=\"0.6\"/>%n",
                    x, top, x, height - 30));
        }
        sb.append(String.format("<text x=\"%d\" y=\"%d\">0 ms</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f ms</text>%n",
                left, height - 10, width - left, height - 10, end));
        sb.append("</svg>\n");
        return sb.toString();
    }

    /**
     * The longest chain of calls that ran one after another (each dispatched after the previous resolved),
     * summing their durations: a lower bound on the time any schedule of these calls, with these latencies,
     * needs when the chain's calls depend on each other.
     */
    static double criticalPath(List<Event> events) {
        Map<Long, double[]> spans = new HashMap<>();
        for (Event e : events) {
            if (e.kind().equals(Event.DISPATCH)) {
                spans.put(e.call(), new double[] {e.tMs(), -1});
            } else if (e.kind().equals(Event.RESOLVE) && spans.containsKey(e.call())) {
                spans.get(e.call())[1] = e.tMs();
            }
        }
        List<double[]> done = new ArrayList<>();
        for (double[] s : spans.values()) {
            if (s[1] >= 0) {
                done.add(s);
            }
        }
        done.sort((a, b) -> Double.compare(a[1], b[1]));
        double[] best = new double[done.size()];
        double max = 0;
        for (int i = 0; i < done.size(); i++) {
            double before = 0;
            for (int j = 0; j < i; j++) {
                if (done.get(j)[1] <= done.get(i)[0]) {
                    before = Math.max(before, best[j]);
                }
            }
            best[i] = before + (done.get(i)[1] - done.get(i)[0]);
            max = Math.max(max, best[i]);
        }
        return max;
    }
}
