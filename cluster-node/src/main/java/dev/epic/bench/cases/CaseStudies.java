package dev.epic.bench.cases;

import dev.epic.engine.Engine;
import dev.epic.engine.Event;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.lang.Library;
import dev.epic.lang.eval.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.model.LlmFunctions;
import dev.epic.model.ModelService;
import dev.epic.spi.ExternalRegistry;
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
    public record Run(String answer, double wallMs, double firstOutputMs, long calls, double criticalPathMs) {}

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
            Program p = Library.compile(new Source(c.file().toString(), Files.readString(c.file())),
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
        return new Run(answer, wall, first, calls, criticalPath(snapshot));
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
