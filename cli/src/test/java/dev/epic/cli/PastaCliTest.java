package dev.epic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code epic run} with the PASTA builtins: the stitched answer on stdout, the decoding metrics in the stats. */
class PastaCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void statsReportPastaDecodingMetrics() throws IOException {
        Path prog = dir.resolve("pasta.epic");
        Files.writeString(prog, "let a = pasta \"Give five tips for better sleep.\" in\n"
                + "let b = pasta_with {layout = \"appended\"} \"Describe the water cycle.\" in\nString.length a + String.length b");
        Path conf = dir.resolve("fast.conf");
        // The simulated engine annotates its answers only with the pasta behaviour turned on.
        Files.writeString(conf, "epic.sim.time-scale = 0.02\nepic.sim.tasks = [\"pasta\"]\n");
        Path stats = dir.resolve("stats.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "run", prog.toString(), "--config", conf.toString(), "--stats", stats.toString());
        assertThat(code).as(err.toString()).isZero();
        JsonNode p = JSON.readTree(stats.toFile()).get("pasta");
        assertThat(p.get("answers").asInt()).isEqualTo(2);
        assertThat(p.get("critical_steps").asLong()).isPositive().isLessThan(p.get("sequential_tokens").asLong());
        assertThat(p.get("tokens_decoded").asLong()).isGreaterThan(p.get("sequential_tokens").asLong());
        assertThat(p.get("speedup").asDouble()).isEqualTo(p.get("sequential_tokens").asDouble() / p.get("critical_steps").asDouble());
        assertThat(p.get("promises").asInt()).isGreaterThanOrEqualTo(7);
        assertThat(p.has("geomean_speedup") && p.has("wall_ms") && p.has("flags")).isTrue();
    }

    @Test
    void programsWithoutPastaHaveNoPastaStats() throws IOException {
        Path prog = dir.resolve("plain.epic");
        Files.writeString(prog, "1 + 2");
        Path stats = dir.resolve("stats.json");
        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true),
                "run", prog.toString(), "--stats", stats.toString());
        assertThat(code).isZero();
        assertThat(JSON.readTree(stats.toFile()).has("pasta")).isFalse();
    }
}
