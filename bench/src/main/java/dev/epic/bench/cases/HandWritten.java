package dev.epic.bench.cases;

import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.model.ModelResult;
import dev.epic.tools.CalcTool;
import dev.epic.spi.ExternalFunction;
import dev.epic.tools.RegexTool;
import dev.epic.tools.SearchTool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The case studies written by hand in Java with {@link CompletableFuture}s, the way an expert parallelises the
 * same call graph: everything independent is started at once, and work on a result starts the moment it
 * arrives (streamed lines included). They send the same requests as the EPIC programs in {@code examples/} and
 * build the same values, so the answers can be compared.
 */
public final class HandWritten {
    private final Calls c;
    private final ExternalFunction search = new SearchTool();
    private final ExternalFunction calc = new CalcTool();
    private final ExternalFunction viable = RegexTool.viable();
    private final ExternalFunction matches = RegexTool.matches();

    HandWritten(Calls calls) {
        this.c = calls;
    }

    // ---- tree of thoughts ------------------------------------------------------------------------------

    private record Cand(String steps, String left) {}

    private record Scored(double score, Cand cand) {}

    CompletableFuture<Value> treeOfThoughts(List<String> puzzles) {
        List<CompletableFuture<Value>> solved = new ArrayList<>();
        for (String p : puzzles) {
            CompletableFuture<List<Cand>> f = CompletableFuture.completedFuture(List.of(new Cand("", p)));
            for (int i = 0; i < 3; i++) {
                f = f.thenCompose(this::totStep);
            }
            solved.add(f.thenApply(fin -> {
                Cand hit = fin.stream().filter(x -> x.left().equals("24")).findFirst().orElse(null);
                return Value.Tuple.of(new Value.Str(p), new Value.Str(hit == null ? "no solution found" : hit.steps()));
            }));
        }
        return Calls.all(solved).thenApply(Values::fromList);
    }

    private CompletableFuture<List<Cand>> totStep(List<Cand> frontier) {
        List<CompletableFuture<List<Scored>>> perState = new ArrayList<>();
        for (Cand cand : frontier) {
            String propose = "Use numbers and basic arithmetic operations (+ - * /) to obtain 24. Each step, you are only allowed "
                    + "to choose two of the remaining numbers to obtain a new number.\nInput: " + cand.left() + "\nPossible next steps:";
            perState.add(c.llmWith(120, propose).thenCompose(text -> {
                List<CompletableFuture<Scored>> values = new ArrayList<>();
                for (String line : Calls.lines(text)) {
                    List<String> parts = Calls.split(line, " (left: ");
                    Cand next = new Cand(cand.steps() + parts.get(0) + "; ", Calls.split(parts.get(1), ")").get(0));
                    values.add(totValue(next.left()).thenApply(s -> new Scored(s, next)));
                }
                return Calls.all(values);
            }));
        }
        return Calls.all(perState).thenApply(lists -> {
            List<Scored> all = new ArrayList<>();
            lists.forEach(all::addAll);
            all.sort(Comparator.comparingDouble(s -> 0.0 - s.score()));
            return all.stream().limit(5).map(Scored::cand).toList();
        });
    }

    private CompletableFuture<Double> totValue(String state) {
        return c.llmWithN(3, 4, "Evaluate if given numbers can reach 24 (sure/likely/impossible)\n" + state).thenApply(js -> {
            double acc = 0;
            for (String j : js) {
                double s = j.contains("sure") ? 20.0 : j.contains("likely") ? 1.0 : 0.001;
                acc = s + acc;
            }
            return acc;
        });
    }

    // ---- tool use ----------------------------------------------------------------------------------------

    private record Found(String fact, long number) {}

    CompletableFuture<Value> toolUse(List<String> questions) {
        List<CompletableFuture<Value>> answers = new ArrayList<>();
        for (String q : questions) {
            answers.add(ask(q));
        }
        return Calls.all(answers).thenApply(Values::fromList);
    }

    private CompletableFuture<Value> ask(String question) {
        List<CompletableFuture<Found>> found = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> plan = streamLines("llm_lines", "Split this question into sub-questions, one per line:\n" + question,
                sub -> found.add(research(sub)));
        return plan.thenCompose(done -> Calls.all(new ArrayList<>(found))).thenCompose(fs -> {
            List<String> numbers = fs.stream().map(f -> Long.toString(f.number())).toList();
            String facts = String.join("\n", fs.stream().map(Found::fact).toList());
            return c.tool(calc, new Value.Str(String.join(" + ", numbers))).thenCompose(total ->
                    c.llmWith(80, "Write the final answer to: " + question + "\nFacts:\n" + facts + "\nTotal: " + Values.display(total)));
        }).thenApply(Value.Str::new);
    }

    private CompletableFuture<Found> research(String sub) {
        return c.tool(search, new Value.Str(sub)).thenCompose(fact -> {
            String text = ((Value.Str) fact).value();
            return c.llm("Extract the number from: " + text).thenApply(n -> new Found(text, Long.parseLong(n.trim())));
        });
    }

    /**
     * A streamed call whose non-blank lines go to {@code onLine} as each is completed (the same lines EPIC's
     * {@code llm_lines} makes). Completes when the stream ends and every line was handed over.
     */
    private CompletableFuture<String> streamLines(String name, String prompt, Consumer<String> onLine) {
        StringBuilder buffer = new StringBuilder();
        Consumer<String> emit = l -> {
            String t = l.stripTrailing();
            if (!t.isBlank()) {
                onLine.accept(t);
            }
        };
        return c.llmStreamed(name, prompt, (choice, delta) -> {
            synchronized (buffer) {
                buffer.append(delta);
                int nl;
                while ((nl = buffer.indexOf("\n")) >= 0) {
                    emit.accept(buffer.substring(0, nl));
                    buffer.delete(0, nl + 1);
                }
            }
        }).thenApply(text -> {
            synchronized (buffer) {
                emit.accept(buffer.toString());
                buffer.setLength(0);
            }
            return text;
        });
    }

    // ---- constrained decoding ----------------------------------------------------------------------------

    private record Beam(String text, double score) {}

    CompletableFuture<Value> constrainedDecoding() {
        String constraint = "(19|20)[0-9][0-9]";
        String question = "Answer with a number. In which year was the first web page published?";
        CompletableFuture<List<Beam>> beams = CompletableFuture.completedFuture(List.of(new Beam("", 0.0)));
        for (int i = 0; i < 4; i++) {
            beams = beams.thenCompose(bs -> beamStep(bs, question, constraint));
        }
        return beams.thenCompose(bs -> {
            List<CompletableFuture<Boolean>> ok = new ArrayList<>();
            for (Beam b : bs) {
                ok.add(c.tool(matches, new Value.Str(constraint), new Value.Str(b.text())).thenApply(v -> ((Value.Bool) v).value()));
            }
            return Calls.all(ok).thenApply(flags -> {
                List<Value> out = new ArrayList<>();
                for (int i = 0; i < bs.size(); i++) {
                    if (flags.get(i)) {
                        out.add(Value.Tuple.of(new Value.Str(bs.get(i).text()), new Value.Flt(bs.get(i).score())));
                    }
                }
                return Values.fromList(out);
            });
        });
    }

    private CompletableFuture<List<Beam>> beamStep(List<Beam> beams, String question, String constraint) {
        List<CompletableFuture<List<Beam>>> extended = new ArrayList<>();
        for (Beam b : beams) {
            extended.add(c.llmTop(6, question + "\n" + b.text()).thenCompose(alts -> {
                List<CompletableFuture<Beam>> kept = new ArrayList<>();
                for (ModelResult.Alternative a : alts) {
                    Beam next = new Beam(b.text() + a.token(), b.score() + a.logprob());
                    kept.add(c.tool(viable, new Value.Str(constraint), new Value.Str(next.text()))
                            .thenApply(v -> ((Value.Bool) v).value() ? next : null));
                }
                return Calls.all(kept);
            }));
        }
        return Calls.all(extended).thenApply(lists -> {
            List<Beam> all = new ArrayList<>();
            lists.forEach(l -> l.stream().filter(x -> x != null).forEach(all::add));
            all.sort(Comparator.comparingDouble(x -> 0.0 - x.score()));
            return all.stream().limit(4).toList();
        });
    }

    // ---- streaming fan-out -------------------------------------------------------------------------------

    CompletableFuture<Value> streamingFanout() {
        List<CompletableFuture<String>> answers = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> list = streamLines("llm_lines",
                "List 20 destinations for a rainy weekend, one per line, each with a one-sentence reason.", line -> {
                    String place = Calls.split(line, " - ").get(0);
                    answers.add(c.llmWith(8, "Name the best museum in " + place + ".").whenComplete((answer, t) -> {
                        if (t == null) {
                            c.print(place + ": " + answer);
                        }
                    }));
                });
        return list.thenCompose(done -> Calls.all(new ArrayList<>(answers))).thenApply(ps -> Value.Int.of(ps.size()));
    }

    // ---- map-reduce --------------------------------------------------------------------------------------

    CompletableFuture<Value> mapReduce(List<String> documents) {
        List<CompletableFuture<String>> summaries = new ArrayList<>();
        for (String doc : documents) {
            for (String paragraph : Calls.split(doc, "\n\n")) {
                summaries.add(c.llmWith(24, "Summarise in one sentence:\n" + paragraph));
            }
        }
        return tree(summaries).thenApply(Value.Str::new);
    }

    /** Combines neighbours level by level; each combination starts as soon as its two inputs are known. */
    private CompletableFuture<String> tree(List<CompletableFuture<String>> level) {
        if (level.size() == 1) {
            return level.get(0);
        }
        List<CompletableFuture<String>> next = new ArrayList<>();
        for (int i = 0; i + 1 < level.size(); i += 2) {
            next.add(level.get(i).thenCombine(level.get(i + 1), (a, b) -> new String[] {a, b})
                    .thenCompose(ab -> c.llmWith(32, "Combine these two summaries into one:\n1. " + ab[0] + "\n2. " + ab[1])));
        }
        if (level.size() % 2 == 1) {
            next.add(level.get(level.size() - 1));
        }
        return tree(next);
    }
}
