package dev.epic.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand generated programs, many of them resource-hungry (doubling strings, exploding lists, deep recursion,
 * structures shared exponentially, huge JSON, failing arithmetic) and some syntactically broken, sent to one gateway
 * process with a 512 MiB heap, a dozen at a time: every answer is a result or a JSON error, none is a 5xx, and the
 * process is alive and healthy at the end.
 */
class HostileFuzzTest {
    private static final long SEED = 20261202L;
    private static final int PROGRAMS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Building blocks: each takes a size and gives an expression; sizes range from harmless to hostile. */
    private static final List<Function<Integer, String>> BLOCKS = List.of(
            n -> "(let rec dbl s n = if n = 0 then s else dbl (s ^ s) (n - 1) in String.length (dbl \"ab\" " + n % 41 + "))",
            n -> "(List.len (List.range(0, " + pow10(n % 10) + ")))",
            n -> "(let rec build n acc = if n = 0 then acc else build (n - 1) (n :: acc) in List.len (build " + pow10(n % 9) + " []))",
            n -> "(let rec f n = if n = 0 then 0 else 1 + f (n - 1) in f " + pow10(n % 9) + ")",
            n -> "(let rec grow t n = if n = 0 then t else grow (t, t, t) (n - 1) in String.length (to_string (grow 1 " + n % 61 + ")))",
            n -> "(let rec grow t n = if n = 0 then t else grow (t, t) (n - 1) in grow 1 " + n % 61 + " = grow 1 " + n % 61 + ")",
            n -> "(let rec grow t n = if n = 0 then t else grow [t, t] (n - 1) in String.length (Json.to_string (grow 1 " + n % 40 + ")))",
            n -> "(let rec g r n = if n = 0 then r.c else g {a = r; b = r; c = n} (n - 1) in g {c = 0} " + pow10(n % 9) + ")",
            n -> "(let rec g f n = if n = 0 then f 0 else g (fun x -> f x + 1) (n - 1) in g (fun x -> x) " + pow10(n % 9) + ")",
            n -> "(let rec dbl s n = if n = 0 then s else dbl \"${s}${s}\" (n - 1) in String.length (dbl \"x\" " + n % 41 + "))",
            n -> "(let rec dbl s n = if n = 0 then s else dbl (s ^ s) (n - 1) in List.len (String.split(dbl \",\" " + n % 30 + ", \",\")))",
            n -> "(" + n + " / " + (n % 3) + ")",
            n -> "(List.hd (List.range(0, " + (n % 2) + ")))",
            n -> "(fold((fun (x, acc) -> x + acc), List.range(0, " + pow10(n % 6) + "), 0))",
            n -> "(String.length (Json.to_string (List.range(0, " + pow10(n % 8) + "))))");
    private static final String NOISE = "()[]{}\",;=+-*/^<>|&\\ \n0123456789letinfunrec->";

    private static long pow10(int k) {
        long v = 1;
        for (int i = 0; i < k; i++) {
            v *= 10;
        }
        return v;
    }

    static String program(Random rnd) {
        int parts = 1 + rnd.nextInt(3);
        List<String> es = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            es.add(BLOCKS.get(rnd.nextInt(BLOCKS.size())).apply(rnd.nextInt(1000)));
        }
        String p = parts == 1 ? es.get(0) : "(" + String.join(", ", es) + ")";
        if (rnd.nextInt(10) == 0) {
            StringBuilder b = new StringBuilder(p);
            int at = rnd.nextInt(b.length());
            b.insert(at, NOISE.charAt(rnd.nextInt(NOISE.length())));
            p = b.toString();
        }
        return p;
    }

    @Test
    void aThousandHostileProgramsNeverTakeTheGatewayDown() throws Exception {
        try (GatewayProcess gw = new GatewayProcess(dir.resolve("db/jobs"), List.of("-Xmx512m",
                "-Depic.gateway.limits.max-jobs-per-token=10000", "-Depic.gateway.limits.max-wait=120s"))) {
            String base = gw.baseUrl();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            Random rnd = new Random(SEED);
            List<String> programs = new ArrayList<>();
            for (int i = 0; i < PROGRAMS; i++) {
                programs.add(program(rnd));
            }
            ExecutorService pool = Executors.newFixedThreadPool(12);
            List<Future<String>> outcomes = new ArrayList<>();
            for (String p : programs) {
                outcomes.add(pool.submit(() -> {
                    String body = "{\"program\": " + JSON.writeValueAsString(p)
                            + ", \"limits\": {\"max_memory_mb\": 4, \"max_steps\": 5000000, \"timeout_s\": 3}}";
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/jobs?wait=110"))
                            .timeout(Duration.ofSeconds(150)).header("Authorization", "Bearer " + GatewayFixture.ALICE)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    JsonNode j = JSON.readTree(r.body());
                    if (r.statusCode() == 200) {
                        String state = j.path("state").asText();
                        if (state.equals("succeeded") && j.has("result")) {
                            return "succeeded";
                        }
                        if (state.equals("failed") && !j.path("error").path("code").asText().isEmpty()
                                && !j.path("error").path("message").asText().isEmpty()) {
                            return "failed:" + j.path("error").path("code").asText();
                        }
                    } else if (r.statusCode() >= 400 && r.statusCode() < 500 && !j.path("error").path("message").asText().isEmpty()) {
                        return "refused:" + r.statusCode();
                    }
                    return "BAD " + r.statusCode() + " " + r.body() + " for " + p;
                }));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).as("every request answered").isTrue();
            java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
            for (Future<String> f : outcomes) {
                String o = f.get();
                assertThat(o).doesNotStartWith("BAD");
                counts.merge(o, 1, Integer::sum);
            }
            System.out.println("hostile fuzz outcomes: " + counts);
            // The mix is meant to exercise both paths: programs that finish and programs stopped by a limit.
            assertThat(counts.getOrDefault("succeeded", 0)).isGreaterThan(100);
            assertThat(counts.getOrDefault("failed:memory_limit", 0)).isGreaterThan(100);
            assertThat(gw.process.isAlive()).as("the gateway process lives").isTrue();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }
}
