package dev.epic.model.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A GPU decoding engine, simulated step by step on one scheduling thread. Each (prompt, choice) of a request
 * is a sequence. A decode step gives one token to every active sequence and lasts
 * {@code L0 + k·(b−1)} ms for {@code b} active sequences, plus the prefill of the sequences that join in it.
 * In continuous mode sequences join and leave between steps (up to the maximum batch); in static mode the
 * sequences of one request run alone until all have finished. Text comes from the behaviours, in order.
 */
public final class SimEngine implements AutoCloseable {

    /**
     * A request: prompts, choices each, token budget, stop strings, seed, alternatives per token (or null), and
     * whether a matched stop string stays at the end of the text (vLLM's {@code include_stop_str_in_output}).
     */
    public record Request(List<String> prompts, int n, int maxTokens, List<String> stop, long seed, Integer logprobs,
                          boolean includeStop) {
        public Request(List<String> prompts, int n, int maxTokens, List<String> stop, long seed, Integer logprobs) {
            this(prompts, n, maxTokens, stop, seed, logprobs, false);
        }
    }

    /** Receives each token of each sequence as it is decoded, on the engine's thread; {@code index = p·n + c}. */
    public interface Listener {
        void onToken(int index, String token, List<Alternative> alternatives);
    }

    public record Alternative(String token, double logprob) {}

    public record SequenceResult(int index, String text, String finishReason, int tokens, List<List<Alternative>> alternatives) {}

    public record Result(List<SequenceResult> sequences, int promptTokens) {
        public int completionTokens() {
            return sequences.stream().mapToInt(SequenceResult::tokens).sum();
        }
    }

    private final class Job {
        final Request request;
        final Listener listener;
        final CompletableFuture<Result> done = new CompletableFuture<>();
        final RequestLog.Open log;
        final List<Seq> seqs = new ArrayList<>();
        int admitted;
        int finished;
        int promptTokens;

        Job(Request request, Listener listener, long id) {
            this.request = request;
            this.listener = listener;
            this.log = new RequestLog.Open(id, request.prompts().size(), request.prompts().size() * request.n(), now());
            this.log.promptTexts = List.copyOf(request.prompts());
            for (int p = 0; p < request.prompts().size(); p++) {
                String prompt = request.prompts().get(p);
                int ptoks = Tokenizer.count(prompt);
                promptTokens += ptoks;
                for (int c = 0; c < request.n(); c++) {
                    seqs.add(new Seq(this, p * request.n() + c, prompt, ptoks, answer(prompt, request.seed(), c)));
                }
            }
        }
    }

    private static final class Seq {
        final Job job;
        final int index;
        final String prompt;
        final int promptTokens;
        final List<String> tokens;
        final StringBuilder text = new StringBuilder();
        final List<List<Alternative>> alternatives = new ArrayList<>();
        int emitted;
        String finishReason;

        Seq(Job job, int index, String prompt, int promptTokens, String answer) {
            this.job = job;
            this.index = index;
            this.prompt = prompt;
            this.promptTokens = promptTokens;
            this.tokens = Tokenizer.tokens(answer);
        }
    }

    private final SimSettings settings;
    private final List<SimBehaviour> behaviours;
    private final ScheduledExecutorService loop;
    private final RequestLog log = new RequestLog();
    private final long startNanos = System.nanoTime();
    private final AtomicLong ids = new AtomicLong();
    /** Decode steps run since the engine started (read by benchmarks from other threads). */
    private final AtomicLong steps = new AtomicLong();
    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private final List<Seq> active = new ArrayList<>();
    private boolean stepping;

    public SimEngine(SimSettings settings, List<SimBehaviour> behaviours) {
        this.settings = settings;
        List<SimBehaviour> all = new ArrayList<>(behaviours);
        all.add(new DefaultGenerator());
        this.behaviours = List.copyOf(all);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "epic-sim-engine");
            t.setDaemon(true);
            return t;
        });
    }

    public SimSettings settings() {
        return settings;
    }

    public RequestLog log() {
        return log;
    }

    /** Decode steps the engine has run since it started: each gives one token to every active sequence. */
    public long steps() {
        return steps.get();
    }

    double now() {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    String answer(String prompt, long seed, int choice) {
        for (SimBehaviour b : behaviours) {
            var a = b.answer(prompt, seed, choice);
            if (a.isPresent()) {
                return a.get();
            }
        }
        return "";
    }

    public CompletableFuture<Result> submit(Request request, Listener listener) {
        Job job = new Job(request, listener == null ? (i, t, a) -> { } : listener, ids.incrementAndGet());
        loop.execute(() -> {
            waiting.add(job);
            if (!stepping) {
                step();
            }
        });
        return job.done;
    }

    /** Admits sequences, then schedules the end of one decode step. Runs on the loop thread only. */
    private void step() {
        int prefillTokens = admit();
        if (active.isEmpty()) {
            stepping = false;
            return;
        }
        stepping = true;
        int b = active.size();
        double ms = (settings.stepMs() + settings.perSequenceMs() * (b - 1) + settings.prefillMsPerToken() * prefillTokens)
                * settings.timeScale();
        double start = now();
        for (Seq s : active) {
            RequestLog.Open o = s.job.log;
            if (o.startMs < 0) {
                o.startMs = start;
            }
        }
        loop.schedule(this::endStep, Math.max(0, (long) (ms * 1000)), TimeUnit.MICROSECONDS);
    }

    private int admit() {
        int prefill = 0;
        if (settings.mode() == SimSettings.Mode.STATIC) {
            if (!active.isEmpty()) {
                return 0;
            }
            Job head = waiting.peek();
            if (head == null) {
                return 0;
            }
            while (head.admitted < head.seqs.size() && active.size() < settings.maxBatch()) {
                Seq s = head.seqs.get(head.admitted++);
                active.add(s);
                prefill += s.promptTokens;
            }
            if (head.admitted == head.seqs.size()) {
                waiting.poll();
            }
            return prefill;
        }
        while (active.size() < settings.maxBatch() && !waiting.isEmpty()) {
            Job head = waiting.peek();
            Seq s = head.seqs.get(head.admitted++);
            active.add(s);
            prefill += s.promptTokens;
            if (head.admitted == head.seqs.size()) {
                waiting.poll();
            }
        }
        return prefill;
    }

    private void endStep() {
        steps.incrementAndGet();
        int b = active.size();
        double t = now();
        List<Job> touched = new ArrayList<>();
        for (Seq s : active) {
            RequestLog.Open o = s.job.log;
            if (!touched.contains(s.job)) {
                touched.add(s.job);
                o.steps++;
                o.batchSum += b;
                o.maxBatch = Math.max(o.maxBatch, b);
            }
            emit(s, t);
        }
        Iterator<Seq> it = active.iterator();
        while (it.hasNext()) {
            Seq s = it.next();
            if (s.finishReason != null) {
                it.remove();
                Job j = s.job;
                if (++j.finished == j.seqs.size()) {
                    complete(j);
                }
            }
        }
        step();
    }

    private void emit(Seq s, double t) {
        Request r = s.job.request;
        if (s.emitted >= s.tokens.size()) {
            s.finishReason = "stop";
            return;
        }
        String before = s.text.toString();
        List<Alternative> decided = r.logprobs() == null ? null : decidedAlternatives(s.prompt, before, r.logprobs());
        String token = decided != null ? decided.get(0).token() : s.tokens.get(s.emitted);
        s.emitted++;
        s.text.append(token);
        String cut = null;
        if (r.stop() != null) {
            int at = -1;
            int matched = 0;
            for (String stop : r.stop()) {
                int i = stop.isEmpty() ? -1 : s.text.indexOf(stop, Math.max(0, before.length() - stop.length() + 1));
                if (i >= 0 && (at < 0 || i < at)) {
                    at = i;
                    matched = stop.length();
                }
            }
            if (at >= 0) {
                if (r.includeStop()) {
                    at += matched;
                }
                s.text.setLength(at);
                cut = at > before.length() ? s.text.substring(before.length()) : "";
                s.finishReason = "stop";
            }
        }
        String delivered = cut != null ? cut : token;
        List<Alternative> alts = r.logprobs() == null ? null
                : decided != null ? decided : alternatives(s.prompt, before, delivered, r.logprobs());
        if (alts != null) {
            s.alternatives.add(alts);
        }
        if (s.job.log.firstTokenMs < 0) {
            s.job.log.firstTokenMs = t;
        }
        if (!delivered.isEmpty() || alts != null) {
            s.job.listener.onToken(s.index, delivered, alts);
        }
        if (s.finishReason == null) {
            if (s.emitted >= r.maxTokens()) {
                s.finishReason = "length";
            } else if (s.emitted >= s.tokens.size()) {
                s.finishReason = "stop";
            }
        }
    }

    private List<Alternative> decidedAlternatives(String prompt, String prefix, int k) {
        for (SimBehaviour b : behaviours) {
            var a = b.alternatives(prompt, prefix, k);
            if (a.isPresent() && !a.get().isEmpty()) {
                return a.get();
            }
        }
        return null;
    }

    /** Deterministic next-token alternatives: the chosen token is the most likely; probabilities sum below 1. */
    static List<Alternative> alternatives(String prompt, String prefix, String chosen, int k) {
        Random rnd = new Random(DefaultGenerator.hash(prompt) * 17 + DefaultGenerator.hash(prefix));
        List<Alternative> out = new ArrayList<>();
        double mass = 0.5 + 0.4 * rnd.nextDouble();
        out.add(new Alternative(chosen, Math.log(mass)));
        String[] pool = {" the", " a", " and", " of", " to", " in", "\n", ".", ",", " is", " it", " for"};
        double left = 1 - mass;
        for (int i = 1; i < k; i++) {
            String tok = pool[(rnd.nextInt(pool.length) + i) % pool.length];
            if (tok.equals(chosen)) {
                tok = tok + "_";
            }
            double p = left * (0.3 + 0.4 * rnd.nextDouble());
            left -= p;
            out.add(new Alternative(tok, Math.log(p)));
        }
        return out;
    }

    private void complete(Job j) {
        log.finish(j.log, now());
        List<SequenceResult> out = new ArrayList<>();
        for (Seq s : j.seqs) {
            out.add(new SequenceResult(s.index, s.text.toString(), s.finishReason, s.emitted, List.copyOf(s.alternatives)));
        }
        j.done.complete(new Result(out, j.promptTokens));
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
