package dev.epic.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.model.sim.SimSettings;
import dev.epic.pasta.decode.PastaMetrics;
import dev.epic.pasta.decode.PastaSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Writes the results of {@link PastaBench}: its section of docs/benchmarks.md, docs/bench/pasta.json and pasta.svg. */
final class PastaBenchReport {
    private final List<PastaBench.Row> rows;
    private final SimSettings sim;
    private final PastaSettings settings;
    private final boolean quick;

    PastaBenchReport(List<PastaBench.Row> rows, SimSettings sim, PastaSettings settings, boolean quick) {
        this.rows = rows;
        this.sim = sim;
        this.settings = settings;
        this.quick = quick;
    }

    static double geomean(List<PastaBench.Row> rows, ToDoubleFunction<PastaBench.Row> f) {
        return PastaMetrics.geomean(rows.stream().mapToDouble(f));
    }

    private static double sum(List<PastaBench.Row> rows, ToDoubleFunction<PastaBench.Row> f) {
        return rows.stream().mapToDouble(f).sum();
    }

    void write(Path docs) throws Exception {
        double steps = geomean(rows, PastaBench.Row::stepSpeedup);
        double wall = geomean(rows, PastaBench.Row::wallSpeedup);
        double formula = geomean(rows, PastaBench.Row::formulaSpeedup);
        double engineSteps = sum(rows, PastaBench.Row::engineSteps);
        double seq = sum(rows, PastaBench.Row::sequentialTokens);
        double w = sum(rows, PastaBench.Row::tokensDecoded);
        double s = sum(rows, PastaBench.Row::criticalSteps);
        double pastaMsPerStep = sum(rows, PastaBench.Row::pastaMs) / engineSteps;
        double seqMsPerStep = sum(rows, PastaBench.Row::sequentialMs) / sum(rows, PastaBench.Row::engineSequentialSteps);
        double prefillPasta = sum(rows, PastaBench.Row::pastaPrefillTokens) / rows.size();
        double prefillSeq = sum(rows, PastaBench.Row::sequentialPrefillTokens) / rows.size();
        double late = sum(rows, PastaBench.Row::mainOnPath) / s;
        long same = rows.stream().filter(PastaBench.Row::sameText).count();
        Map<String, List<PastaBench.Row>> byShape = new LinkedHashMap<>();
        for (String shape : List.of("list", "rounds", "comparison", "plan", "sequential")) {
            List<PastaBench.Row> rs = rows.stream().filter(r -> r.shape().equals(shape)).toList();
            if (!rs.isEmpty()) {
                byShape.put(shape, rs);
            }
        }

        StringBuilder md = new StringBuilder();
        md.append("## PASTA decoding: speedup over sequential decoding (`epic bench pasta").append(quick ? " --quick" : "").append("`)\n\n");
        md.append("Reproduce: `./epic bench pasta` (`--quick`: 16 prompts at time scale 0.1; the full run: all prompts at 0.2). ").append(rows.size())
                .append(" instruction prompts (`bench/src/main/resources/dev/epic/bench/pasta-prompts.txt`) answered by the simulated ")
                .append("PASTA-annotating model (`PastaAnnotator`), each twice in one run against the same simulated engine (continuous batching, ")
                .append(String.format("decode step %.0f ms + %.1f ms per extra sequence, prefill %.2f ms per prompt token, all × time scale %.2f; "
                        + "the batcher's 5 ms window is scaled alike) ", sim.stepMs(), sim.perSequenceMs(), sim.prefillMsPerToken(), sim.timeScale()))
                .append("through the same batcher and HTTP client: with PASTA decoding, and as one plain stream of the same answer; ")
                .append("one answer at a time, the order alternating. Stitched answers equal the plain ones in ").append(same).append(" of ")
                .append(rows.size()).append(". Layout `").append(settings.layout().name().toLowerCase()).append("`, chunk budget ")
                .append(String.format("%.1f × tokens + %d.%n%n", settings.budgetFactor(), settings.budgetSlack()));
        md.append(String.format("**Geometric-mean speedup: %.2fx in decode steps, %.2fx in wall time** (reference: 1.21x–1.93x reported for PASTA).%n%n",
                steps, wall));
        md.append("Decode steps are the steps the simulated engine ran (`SimEngine.steps()`, read before and after each answer; one answer is "
                + "in flight at a time): engine steps for the plain stream over engine steps for the PASTA answer. The interpreter's own "
                + "count, S = `critical_steps` of `PastaMetrics` (per round the longer of the main thread's tokens and each chunk's promise "
                + String.format("position plus its tokens), gives %.2fx; the engine's count is higher where a chunk waits for the batch window "
                + "and its request while the main thread already decodes.%n%n", formula));
        md.append("| answers | shape | engine steps, PASTA | S (interpreter) | W (tokens decoded) | engine steps, plain | promises | rounds | steps speedup (geomean) | wall speedup (geomean) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<PastaBench.Row>> e : byShape.entrySet()) {
            md.append(line(e.getValue().size() + "", e.getKey(), e.getValue()));
        }
        md.append(line("**" + rows.size() + "**", "**all**", rows));
        md.append("\nSteps and tokens are means per answer. ");
        md.append(String.format("The best answer reaches %.2fx in steps, the worst %.2fx.%n%n",
                rows.stream().mapToDouble(PastaBench.Row::stepSpeedup).max().orElse(0),
                rows.stream().mapToDouble(PastaBench.Row::stepSpeedup).min().orElse(0)));
        md.append("What limits it:\n\n");
        md.append(String.format("- **Tag overhead**: the annotations cost %.0f%% more tokens than the plain answer (W / sequential = %.2f); "
                + "the promise tags are decoded by the main thread, on the critical path, before any chunk can start.%n", 100 * (w / seq - 1), w / seq));
        md.append(String.format("- **Late promises**: %.0f%% of the critical path (S) is main-thread decoding before the promise of the chunk that "
                + "finishes last in its round — the last promise of a list starts its chunk only after every earlier item's tag. "
                + "Answers of the mostly sequential shape (one late promise) are slower than plain decoding.%n", 100 * late));
        md.append(String.format("- **Re-prefill of stitched contexts**: every chunk and every continuation after a sync is a new request whose whole "
                + "context is prefilled (the simulated engine, like a server without prefix caching, reuses nothing): %.0f prompt tokens "
                + "per answer with PASTA against %.0f for the plain stream.%n", prefillPasta, prefillSeq));
        md.append(String.format("- **Wall time per step**: %.2f ms per engine step of a PASTA answer against %.2f ms per engine step of the plain stream "
                + "(bigger batches make each step longer; chunks and continuations pay a request each and the batch window while the "
                + "main thread streams), which is why the wall-time speedup stays below the step speedup.%n%n", pastaMsPerStep, seqMsPerStep));
        md.append("![distribution of per-answer speedups](bench/pasta.svg)\n");

        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("prompts", rows.size()).put("quick", quick).put("time_scale", sim.timeScale())
                .put("geomean_step_speedup", steps).put("geomean_wall_speedup", wall).put("geomean_formula_step_speedup", formula)
                .put("tokens_overhead", w / seq).put("late_promise_share", late)
                .put("prefill_tokens_pasta", prefillPasta).put("prefill_tokens_sequential", prefillSeq)
                .put("ms_per_step_pasta", pastaMsPerStep).put("ms_per_token_sequential", seqMsPerStep).put("same_text", same);
        ObjectNode shapes = root.putObject("by_shape");
        byShape.forEach((k, v) -> shapes.putObject(k).put("answers", v.size())
                .put("geomean_step_speedup", geomean(v, PastaBench.Row::stepSpeedup))
                .put("geomean_wall_speedup", geomean(v, PastaBench.Row::wallSpeedup)));
        ArrayNode answers = root.putArray("answers");
        for (PastaBench.Row r : rows) {
            ObjectNode a = json.valueToTree(r);
            answers.add(a.put("step_speedup", r.stepSpeedup()).put("formula_step_speedup", r.formulaSpeedup()).put("wall_speedup", r.wallSpeedup()));
        }
        BenchReport.write(docs, "pasta", md.toString(), json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n", svg(steps, wall));
    }

    private static String line(String n, String shape, List<PastaBench.Row> rs) {
        return String.format("| %s | %s | %.0f | %.0f | %.0f | %.0f | %.1f | %.1f | %.2fx | %.2fx |%n", n, shape,
                rs.stream().mapToDouble(PastaBench.Row::engineSteps).average().orElse(0),
                rs.stream().mapToDouble(PastaBench.Row::criticalSteps).average().orElse(0),
                rs.stream().mapToDouble(PastaBench.Row::tokensDecoded).average().orElse(0),
                rs.stream().mapToDouble(PastaBench.Row::engineSequentialSteps).average().orElse(0),
                rs.stream().mapToDouble(PastaBench.Row::promises).average().orElse(0),
                rs.stream().mapToDouble(PastaBench.Row::rounds).average().orElse(0),
                geomean(rs, PastaBench.Row::stepSpeedup), geomean(rs, PastaBench.Row::wallSpeedup));
    }

    /** Per-answer speedups, each series sorted, with the reference band and the geometric means. */
    private String svg(double stepsGeo, double wallGeo) {
        int width = 760;
        int height = 400;
        int left = 60;
        int right = 20;
        int top = 50;
        int bottom = 50;
        List<Double> steps = new ArrayList<>(rows.stream().map(PastaBench.Row::stepSpeedup).toList());
        List<Double> wall = new ArrayList<>(rows.stream().map(PastaBench.Row::wallSpeedup).toList());
        steps.sort(Comparator.naturalOrder());
        wall.sort(Comparator.naturalOrder());
        double max = Math.max(2.2, Math.ceil(Math.max(steps.get(steps.size() - 1), wall.get(wall.size() - 1)) * 2) / 2);
        double min = 0.5;
        int plotW = width - left - right;
        int plotH = height - top - bottom;
        java.util.function.DoubleUnaryOperator y = v -> top + plotH * (1 - (Math.max(min, Math.min(max, v)) - min) / (max - min));
        java.util.function.IntToDoubleFunction x = i -> left + (rows.size() == 1 ? plotW / 2.0 : plotW * i / (double) (rows.size() - 1));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        sb.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        sb.append(String.format("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">PASTA speedup over sequential decoding, per answer (%d answers, sorted)</text>%n", rows.size()));
        sb.append(String.format("<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#e8f0e0\"/>%n", left, y.applyAsDouble(1.93), plotW,
                y.applyAsDouble(1.21) - y.applyAsDouble(1.93)));
        sb.append(String.format("<text x=\"%d\" y=\"%.1f\" fill=\"#507030\">reference 1.21x-1.93x</text>%n", left + 6, y.applyAsDouble(1.93) + 14));
        for (double t = 0.5; t <= max + 1e-9; t += 0.5) {
            sb.append(String.format("<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", left, width - right, y.applyAsDouble(t),
                    y.applyAsDouble(t), t == 1.0 ? "#888" : "#ddd"));
            sb.append(String.format("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1fx</text>%n", left - 6, y.applyAsDouble(t) + 4, t));
        }
        String[] colors = {"#4472c4", "#ed7d31"};
        List<List<Double>> series = List.of(steps, wall);
        double[] geos = {stepsGeo, wallGeo};
        String[] names = {"decode steps", "wall time"};
        for (int k = 0; k < 2; k++) {
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < series.get(k).size(); i++) {
                double px = x.applyAsDouble(i);
                double py = y.applyAsDouble(series.get(k).get(i));
                path.append(i == 0 ? "M" : " L").append(String.format("%.1f %.1f", px, py));
                sb.append(String.format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", px, py, colors[k]));
            }
            sb.append(String.format("%n<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n", path, colors[k]));
            sb.append(String.format("<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"6 4\"/>%n", left, width - right,
                    y.applyAsDouble(geos[k]), y.applyAsDouble(geos[k]), colors[k]));
            int lx = left + 10 + k * 260;
            sb.append(String.format("<rect x=\"%d\" y=\"32\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"43\">%s (geomean %.2fx, dashed)</text>%n",
                    lx, colors[k], lx + 16, names[k], geos[k]));
        }
        sb.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">answers, sorted by speedup within each series</text>%n",
                left + plotW / 2, height - 15));
        sb.append("</svg>\n");
        return sb.toString();
    }
}
