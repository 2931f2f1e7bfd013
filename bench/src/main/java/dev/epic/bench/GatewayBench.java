package dev.epic.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.bench.BenchReport;
import dev.epic.host.EpicRuntime;
import dev.epic.gateway.Gateway;
import dev.epic.gateway.GatewayJson;
import dev.epic.gateway.GatewaySettings;
import dev.epic.gateway.jobs.LocalJobExecutor;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code epic bench gateway}: a gateway on loopback with the in-process simulated model engine. (1) N jobs,
 * each one model call, submitted all at once by one client: submission latency (request sent to 202) p50/p99,
 * jobs/s from the first submission to the last result, and a check that every accepted job is listed and
 * finished. (2) The 429 path: M jobs at once under a per-token limit L: how many are refused with 429 and
 * Retry-After and how fast, then a client that retries after Retry-After gets all M done.
 */
public final class GatewayBench {
    /** Each round retries after 1 s; the jobs are tiny, so this many rounds without success is a fault. */
    private static final int MAX_RETRY_ROUNDS = 120;
    private static final String TOKEN = "bench-token";
    /** Jobs run before measuring, so the JIT has compiled the request path. */
    private static final int WARM_UP = 100;
    private static final String PROGRAM = "llm \"In one sentence, why visit ${args.city}?\"";
    private static final List<String> CITIES = List.of("Lyon", "Porto", "Graz", "Ghent", "Turin", "Bergen", "Lund");

    private final boolean quick;
    private final PrintWriter out;
    private final ObjectMapper json = GatewayJson.MAPPER;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    public GatewayBench(boolean quick, PrintWriter out) {
        this.quick = quick;
        this.out = out;
    }

    record Sent(int status, long nanos, String id, String retryAfter) {}

    public void run(Path docs) throws Exception {
        Path dir = Files.createTempDirectory("epic-bench-gateway");
        try {
            run(docs, dir);
        } finally {
            // The bench's databases are scratch: nothing of them is kept.
            try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void run(Path docs, Path dir) throws Exception {
        int jobs = quick ? 100 : 500;
        int limited = quick ? 60 : 200;
        int limit = 20;
        EpicRuntime runtime = EpicRuntime.withDefaults();
        GatewaySettings s = GatewaySettings.fromConfig(runtime.config(), TOKEN).withPort(0).withHost("127.0.0.1")
                .withDatabase(dir.resolve("jobs"));
        s = s.withLimits(s.limits().withMaxJobsPerToken(jobs * 2).withMaxRunning(jobs));
        ObjectNode result = json.createObjectNode();
        double loadAverage = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        result.put("load_average_at_start", loadAverage);
        try (Gateway g = Gateway.start(s, runtime, LocalJobExecutor::new, List.of())) {
            String base = g.baseUrl();
            submit(base, WARM_UP);
            out.println("gateway bench: " + jobs + " jobs at once ...");
            long t0 = System.nanoTime();
            List<Sent> sent = submit(base, jobs);
            long acceptedAt = System.nanoTime();
            Set<String> ids = new HashSet<>();
            int notAccepted = 0;
            for (Sent x : sent) {
                if (x.status() == 202) {
                    ids.add(x.id());
                } else {
                    notAccepted++;
                }
            }
            int succeeded = awaitAll(base, ids);
            long doneAt = System.nanoTime();
            int listed = listed(base);
            double[] lat = sent.stream().mapToDouble(x -> x.nanos() / 1e6).sorted().toArray();
            ObjectNode load = result.putObject("load");
            load.put("jobs", jobs);
            load.put("accepted", ids.size());
            load.put("not_accepted", notAccepted);
            load.put("succeeded", succeeded);
            load.put("listed", listed);
            load.put("lost", ids.size() - succeeded);
            load.put("submit_p50_ms", pct(lat, 50));
            load.put("submit_p99_ms", pct(lat, 99));
            load.put("submit_max_ms", lat[lat.length - 1]);
            load.put("all_accepted_s", (acceptedAt - t0) / 1e9);
            load.put("all_done_s", (doneAt - t0) / 1e9);
            load.put("jobs_per_s", succeeded / ((doneAt - t0) / 1e9));
        }
        runtime = EpicRuntime.withDefaults();
        s = s.withDatabase(dir.resolve("jobs-limited"));
        s = s.withLimits(s.limits().withMaxJobsPerToken(limit));
        try (Gateway g = Gateway.start(s, runtime, LocalJobExecutor::new, List.of())) {
            String base = g.baseUrl();
            out.println("gateway bench: " + limited + " jobs at once under a limit of " + limit + " per token ...");
            List<Sent> first = submit(base, limited);
            long refused = first.stream().filter(x -> x.status() == 429).count();
            long withRetryAfter = first.stream().filter(x -> x.status() == 429 && x.retryAfter() != null).count();
            double[] lat429 = first.stream().filter(x -> x.status() == 429).mapToDouble(x -> x.nanos() / 1e6).sorted().toArray();
            Set<String> ids = new HashSet<>();
            first.stream().filter(x -> x.status() == 202).forEach(x -> ids.add(x.id()));
            long t0 = System.nanoTime();
            int rounds = 0;
            int missing = (int) refused;
            while (missing > 0) {
                rounds++;
                if (rounds > MAX_RETRY_ROUNDS) {
                    throw new IllegalStateException("gateway bench: " + missing + " jobs still refused after " + MAX_RETRY_ROUNDS
                            + " rounds of retries");
                }
                Thread.sleep(1000);
                List<Sent> again = submit(base, missing);
                for (Sent x : again) {
                    if (x.status() != 202 && x.status() != 429) {
                        // Only "accepted" and "retry later" are expected here; anything else is a fault to report.
                        throw new IllegalStateException("gateway bench: a retried submission was answered " + x.status());
                    }
                }
                again.stream().filter(x -> x.status() == 202).forEach(x -> ids.add(x.id()));
                missing = (int) again.stream().filter(x -> x.status() != 202).count();
            }
            int succeeded = awaitAll(base, ids);
            ObjectNode lim = result.putObject("limited");
            lim.put("jobs", limited);
            lim.put("limit_per_token", limit);
            lim.put("accepted_first", limited - refused);
            lim.put("refused_429", refused);
            lim.put("refused_with_retry_after", withRetryAfter);
            lim.put("p50_429_ms", lat429.length == 0 ? 0 : pct(lat429, 50));
            lim.put("p99_429_ms", lat429.length == 0 ? 0 : pct(lat429, 99));
            lim.put("retry_rounds", rounds);
            lim.put("succeeded_after_retries", succeeded);
            lim.put("retrying_s", (System.nanoTime() - t0) / 1e9);
        }
        runtime = EpicRuntime.withDefaults();
        s = s.withDatabase(dir.resolve("jobs-hostile"));
        s = s.withLimits(s.limits().withMaxJobsPerToken(jobs * 4).withMaxRunning(64));
        long gatewayStarted = System.nanoTime();
        try (Gateway g = Gateway.start(s, runtime, LocalJobExecutor::new, List.of())) {
            String base = g.baseUrl();
            int hostile = jobs / 10;
            submit(base, WARM_UP);
            out.println("gateway bench: " + jobs + " normal jobs alone, then with " + hostile + " hostile jobs among them ...");
            Mixed alone = mixed(base, jobs, 0);
            Mixed together = mixed(base, jobs, hostile);
            HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/health")).GET().build();
            ObjectNode h = result.putObject("hostile");
            h.put("normal_jobs", jobs);
            h.put("hostile_jobs", hostile);
            h.put("normal_succeeded_alone", alone.normalSucceeded());
            h.put("normal_succeeded_with_hostile", together.normalSucceeded());
            h.put("hostile_failed_as_errors", together.hostileFailed());
            h.put("normal_p50_ms_alone", pct(alone.normalMs(), 50));
            h.put("normal_p99_ms_alone", pct(alone.normalMs(), 99));
            h.put("normal_p50_ms_with_hostile", pct(together.normalMs(), 50));
            h.put("normal_p99_ms_with_hostile", pct(together.normalMs(), 99));
            ObjectNode why = h.putObject("normal_failures_with_hostile");
            together.normalFailures().forEach(why::put);
            h.put("health_after", http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode());
            h.put("gateway_uptime_s", (System.nanoTime() - gatewayStarted) / 1e9);
        }
        write(docs, result);
    }

    /**
     * Programs that try to take a server down (each ends as its own memory error under the job's budget), one of each
     * kind in turn among the hostile jobs of the mix.
     */
    private static final List<String> HOSTILE = List.of(
            "let rec dbl s n = if n = 0 then s else dbl (s ^ s) (n - 1) in String.length (dbl \"ab\" 40)",
            "let rec build n acc = if n = 0 then acc else build (n - 1) (n :: acc) in List.len (build 400000000 [])",
            "let rec f n = if n = 0 then 0 else 1 + f (n - 1) in f 100000000",
            "let rec grow t n = if n = 0 then t else grow (t, t, t) (n - 1) in to_string (grow 1 60)",
            "let rec g f n = if n = 0 then f 0 else g (fun x -> f x + 1) (n - 1) in g (fun x -> x) 100000000");

    /** Completion times (submission to result) of the normal jobs, sorted, and how the jobs ended. */
    record Mixed(double[] normalMs, int normalSucceeded, int hostileFailed, java.util.Map<String, Integer> normalFailures) {}

    /** {@code normal} model-call jobs and {@code hostile} ones interleaved, all submitted at once. */
    private Mixed mixed(String base, int normal, int hostile) {
        int every = hostile == 0 ? Integer.MAX_VALUE : Math.max(1, normal / hostile);
        List<CompletableFuture<double[]>> fs = new ArrayList<>();
        int h = 0;
        for (int i = 0; i < normal; i++) {
            fs.add(timed(base, "{\"program\": " + quote(PROGRAM) + ", \"args\": {\"city\": "
                    + quote(CITIES.get(i % CITIES.size()) + " " + i) + "}}", 0));
            if (i % every == every - 1 && h < hostile) {
                fs.add(timed(base, "{\"program\": " + quote(HOSTILE.get(h % HOSTILE.size())) + "}", 1));
                h++;
            }
        }
        List<double[]> all = fs.stream().map(CompletableFuture::join).toList();
        double[] ms = all.stream().filter(x -> x[0] == 0).mapToDouble(x -> x[1]).sorted().toArray();
        int ok = (int) all.stream().filter(x -> x[0] == 0 && x[2] == 1).count();
        int failed = (int) all.stream().filter(x -> x[0] == 1 && x[2] == 2).count();
        java.util.Map<String, Integer> why = new java.util.TreeMap<>();
        synchronized (failures) {
            why.putAll(failures);
            failures.clear();
        }
        return new Mixed(ms, ok, failed, why);
    }

    /** Why normal jobs of the current mix did not succeed: error code (or HTTP status) to count. */
    private final java.util.Map<String, Integer> failures = new java.util.TreeMap<>();

    /** Submits one job and waits for it: {kind, ms from submission to result, 1 succeeded / 2 failed / 0 other}. */
    private CompletableFuture<double[]> timed(String base, String body, int kind) {
        long start = System.nanoTime();
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/v1/jobs")).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).thenCompose(res -> {
            if (res.statusCode() != 202) {
                if (kind == 0) {
                    synchronized (failures) {
                        failures.merge("http " + res.statusCode(), 1, Integer::sum);
                    }
                }
                return CompletableFuture.completedFuture(new double[] {kind, 0, 0});
            }
            String id = read(res.body()).get("id").asText();
            return awaitOne(base, id).thenApply(job -> {
                String state = job.get("state").asText();
                if (kind == 0 && !"succeeded".equals(state)) {
                    synchronized (failures) {
                        failures.merge(job.path("error").path("code").asText(state), 1, Integer::sum);
                    }
                }
                return new double[] {kind, (System.nanoTime() - start) / 1e6,
                        "succeeded".equals(state) ? 1 : "failed".equals(state) ? 2 : 0};
            });
        });
    }

    private CompletableFuture<JsonNode> awaitOne(String base, String id) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/v1/jobs/" + id + "?wait=60")).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + TOKEN).GET().build();
        return http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).thenCompose(res -> res.statusCode() == 200
                ? CompletableFuture.completedFuture(read(res.body())) : awaitOne(base, id));
    }

    private List<Sent> submit(String base, int n) {
        List<CompletableFuture<Sent>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = "{\"program\": " + quote(PROGRAM) + ", \"args\": {\"city\": " + quote(CITIES.get(i % CITIES.size()) + " " + i) + "}}";
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/v1/jobs")).timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long start = System.nanoTime();
            fs.add(http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).thenApply(res -> {
                long t = System.nanoTime() - start;
                String id = res.statusCode() == 202 ? read(res.body()).get("id").asText() : null;
                return new Sent(res.statusCode(), t, id, res.headers().firstValue("Retry-After").orElse(null));
            }));
        }
        return fs.stream().map(CompletableFuture::join).toList();
    }

    private int awaitAll(String base, Set<String> ids) {
        AtomicInteger ok = new AtomicInteger();
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        for (String id : ids) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/v1/jobs/" + id + "?wait=60")).timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + TOKEN).GET().build();
            fs.add(http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).thenAccept(res -> {
                if (res.statusCode() == 200 && "succeeded".equals(read(res.body()).get("state").asText())) {
                    ok.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).orTimeout(10, TimeUnit.MINUTES).join();
        return ok.get();
    }

    private int listed(String base) throws Exception {
        int n = 0;
        String after = "";
        while (true) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/v1/jobs?limit=500" + after))
                    .header("Authorization", "Bearer " + TOKEN).GET().build();
            JsonNode page = read(http.send(r, HttpResponse.BodyHandlers.ofString()).body());
            n += page.get("jobs").size();
            if (page.get("next").isNull()) {
                return n - WARM_UP;
            }
            after = "&after=" + page.get("next").asText();
        }
    }

    private void write(Path docs, ObjectNode r) throws Exception {
        JsonNode l = r.get("load");
        JsonNode m = r.get("limited");
        String md = String.format("## Gateway: concurrent submission and the 429 path%n%n"
                + "`epic bench gateway%s` — a gateway on loopback (one JVM, H2 job database, the in-process simulated model "
                + "engine); each job is one model call (`%s`). One client submits all jobs at once over HTTP/1.1.%n%n"
                + "| %d jobs at once | value |%n|---|---|%n"
                + "| accepted (202) / succeeded / listed | %d / %d / %d |%n"
                + "| lost (accepted but not finished) | %d |%n"
                + "| submission latency p50 / p99 / max | %.1f / %.1f / %.1f ms |%n"
                + "| all accepted after | %.2f s |%n"
                + "| all finished after | %.2f s |%n"
                + "| throughput | %.0f jobs/s |%n%n"
                + "| %d jobs at once, limit %d per token | value |%n|---|---|%n"
                + "| accepted at once / refused with 429 | %d / %d |%n"
                + "| 429s carrying Retry-After | %d |%n"
                + "| 429 latency p50 / p99 | %.1f / %.1f ms |%n"
                + "| retrying after Retry-After: rounds, succeeded, time | %d, %d, %.1f s |%n%n"
                + "Submission latency is request sent to `202`: it includes compiling the program and the database insert "
                + "(committed before the answer); jobs start running as they are accepted, so submissions compete with "
                + "evaluation and the simulated engine for the CPUs (%d here, load average %.1f when the run began: numbers vary "
                + "with what else runs). In the second run a slot frees whenever a job ends, so while the burst is still "
                + "arriving more jobs than the limit can be accepted; every refusal is a 429 with Retry-After. "
                + "Reproduce: `./epic bench gateway%s`. Data: [bench/gateway.json](bench/gateway.json).%n%n"
                + hostileSection(r.get("hostile"))
                + "![gateway latencies](bench/gateway.svg)%n",
                quick ? " --quick" : "", PROGRAM, l.get("jobs").asInt(), l.get("accepted").asInt(), l.get("succeeded").asInt(),
                l.get("listed").asInt(), l.get("lost").asInt(), l.get("submit_p50_ms").asDouble(), l.get("submit_p99_ms").asDouble(),
                l.get("submit_max_ms").asDouble(), l.get("all_accepted_s").asDouble(), l.get("all_done_s").asDouble(),
                l.get("jobs_per_s").asDouble(), m.get("jobs").asInt(), m.get("limit_per_token").asInt(), m.get("accepted_first").asInt(),
                m.get("refused_429").asInt(), m.get("refused_with_retry_after").asInt(), m.get("p50_429_ms").asDouble(),
                m.get("p99_429_ms").asDouble(), m.get("retry_rounds").asInt(), m.get("succeeded_after_retries").asInt(),
                m.get("retrying_s").asDouble(), r.get("cpus").asInt(), r.get("load_average_at_start").asDouble(), quick ? " --quick" : "");
        String svg = BenchReport.barChart("Gateway response latency (ms)", "ms",
                List.of("202 (" + l.get("jobs").asInt() + " at once)", "429 (limit " + m.get("limit_per_token").asInt() + ")"),
                List.of("p50", "p99"),
                new double[][] {{l.get("submit_p50_ms").asDouble(), l.get("submit_p99_ms").asDouble()},
                        {m.get("p50_429_ms").asDouble(), m.get("p99_429_ms").asDouble()}});
        BenchReport.write(docs, "gateway", md, json.writerWithDefaultPrettyPrinter().writeValueAsString(r) + "\n", svg);
        out.println(md);
    }

    private static String hostileSection(JsonNode h) {
        return String.format("| %d normal jobs, then the same with %d hostile jobs among them | alone | with hostile |%n"
                        + "|---|---|---|%n"
                        + "| normal jobs succeeded | %d / %d | %d / %d |%n"
                        + "| normal job time (submission to result) p50 / p99 | %.0f / %.0f ms | %.0f / %.0f ms |%n"
                        + "| hostile jobs ended as their own error | | %d / %d |%n"
                        + "| `/health` after, gateway uptime | | %d, %.0f s (never restarted) |%n%n"
                        + "Hostile jobs: doubling strings, a list of 4×10^8 elements, a 10^8-deep recursion, a tuple shared "
                        + "3^60 times printed, closures that grow without bound — each stopped by its memory budget "
                        + "(`limits.default-max-memory`) while the normal jobs beside it run.%n%n",
                h.get("normal_jobs").asInt(), h.get("hostile_jobs").asInt(), h.get("normal_succeeded_alone").asInt(),
                h.get("normal_jobs").asInt(), h.get("normal_succeeded_with_hostile").asInt(), h.get("normal_jobs").asInt(),
                h.get("normal_p50_ms_alone").asDouble(), h.get("normal_p99_ms_alone").asDouble(),
                h.get("normal_p50_ms_with_hostile").asDouble(), h.get("normal_p99_ms_with_hostile").asDouble(),
                h.get("hostile_failed_as_errors").asInt(), h.get("hostile_jobs").asInt(), h.get("health_after").asInt(),
                h.get("gateway_uptime_s").asDouble());
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    private String quote(String s) {
        try {
            return json.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
