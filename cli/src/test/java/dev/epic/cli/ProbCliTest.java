package dev.epic.cli;

import static dev.epic.cli.CliRun.epic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.epic.cli.CliRun.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code epic run} on probabilistic programs: the posterior mean on stdout, statistics, plans, errors, warnings. */
class ProbCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Beta(1, 1) coin that shows heads eight times: Beta(9, 1), mean 0.9, while p stays symbolic. */
    private static final String COIN = """
            val flip = fun (heads, p) -> let () = observe(bernoulli(p), heads) in p in
            let symbolic p <- beta(1, 1) in
            fold(flip, [true, true, true, true, true, true, true, true], p)
            """;

    /** A random walk observed with noise, resampled at every step: the mean depends on the draws. */
    private static final String WALK = """
            val step = fun (y, x) ->
              let sample next <- gaussian(x, 1) in
              let () = observe(gaussian(next, 1), y) in
              let () = resample() in
              next
            in
            let x0 <- gaussian(0, 1) in
            fold(step, [1, 2, 3, 2, 1], x0)
            """;

    @TempDir
    Path dir;

    private Path program(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aSirenProgramPrintsItsPosteriorMeanAndItsStatistics() throws IOException {
        Path p = program("coin.si", COIN);
        Path stats = dir.resolve("stats.json");
        Outcome o = epic("run", p.toString(), "--particles", "20", "--seed", "7", "--stats", stats.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(Double.parseDouble(o.out().trim())).isCloseTo(0.9, within(1e-9));
        assertThat(o.err()).isEmpty();
        JsonNode s = JSON.readTree(stats.toFile());
        assertThat(s.get("method").asText()).isEqualTo("ssi");
        assertThat(s.get("particles").asInt()).isEqualTo(20);
        assertThat(s.get("seed").asLong()).isEqualTo(7);
        assertThat(s.get("plan").get("p").asText()).isEqualTo("symbolic");
        assertThat(s.get("resamples").asInt()).isZero();
        assertThat(s.has("eval_ms")).isTrue();
        assertThat(s.get("ess").isArray()).isTrue();
    }

    @Test
    void withoutASeedOneIsChosenAndRecordedSoTheRunCanBeRepeated() throws IOException {
        Path p = program("walk.si", WALK);
        Path stats = dir.resolve("stats.json");
        Outcome first = epic("run", p.toString(), "--particles", "50", "--stats", stats.toString());
        assertThat(first.code()).as(first.err()).isZero();
        JsonNode s = JSON.readTree(stats.toFile());
        assertThat(s.get("resamples").asInt()).isEqualTo(5);
        assertThat(s.get("ess")).hasSize(5);
        assertThat(s.get("plan").get("next").asText()).isEqualTo("sample");
        String seed = s.get("seed").asText();
        Outcome again = epic("run", p.toString(), "--particles", "50", "--seed", seed);
        assertThat(again.out()).isEqualTo(first.out());
        Outcome partitioned = epic("run", p.toString(), "--particles", "50", "--seed", seed, "--partitions", "2");
        assertThat(partitioned.code()).as(partitioned.err()).isZero();
        assertThat(partitioned.out()).isEqualTo(first.out());
    }

    @Test
    void anEpicProgramWithRandomVariablesRunsAsParticlesToo() throws IOException {
        Path p = program("coin.epic", COIN.replace("[true, true, true, true, true, true, true, true]",
                "List.map (fun _ -> true) (List.range 0 8)").replace("beta(1, 1)", "beta(1.0, 1.0)"));
        Outcome o = epic("run", p.toString(), "--particles", "5", "--seed", "1", "--method", "ds");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(Double.parseDouble(o.out().trim())).isCloseTo(0.9, within(1e-9));
    }

    @Test
    void metropolisHastingsRunsAChainOfTheGivenLength() throws IOException {
        // A sampled Beta(1, 1) coin with eight heads: Beta(9, 1), mean 0.9; a chain of 3000 steps gets near it.
        Path p = program("coin.si", COIN.replace("symbolic p", "sample p"));
        Path stats = dir.resolve("stats.json");
        Outcome o = epic("run", p.toString(), "--handler", "mh", "--particles", "3000", "--seed", "5",
                "--stats", stats.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(Double.parseDouble(o.out().trim())).isCloseTo(0.9, within(0.05));
        assertThat(JSON.readTree(stats.toFile()).get("handler").asText()).isEqualTo("mh");
    }

    @Test
    void aSymbolicAnnotationThatCannotBeHonouredIsAPositionedErrorWithItsCause() throws IOException {
        Path p = program("coin.si", COIN);
        Outcome o = epic("run", p.toString(), "--particles", "5", "--seed", "1", "--method", "bp");
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).startsWith(p + ":2:1: error: p is annotated as symbolic but will be sampled")
                .contains("observe");
    }

    @Test
    void weightsThatAreAllZeroAreAWarningOnStderr() throws IOException {
        Path p = program("impossible.si", """
                let x <- gaussian(0, 1) in
                let () = observe(bernoulli(0), true) in
                let () = resample() in
                x
                """);
        Outcome o = epic("run", p.toString(), "--particles", "10", "--seed", "2");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.err()).startsWith(p + ": warning: every particle has weight zero");
    }

    @Test
    void invalidDistributionParametersAreAPositionedError() throws IOException {
        Path p = program("bad.si", "let x <- gaussian(0, -1) in x\n");
        Outcome o = epic("run", p.toString(), "--particles", "3", "--seed", "2");
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).startsWith(p + ":1:");
    }

    @Test
    void badParticleCountsAndUnknownMethodsAreUsageErrors() throws IOException {
        Path p = program("coin.si", COIN);
        assertThat(epic("run", p.toString(), "--particles", "0").code()).isEqualTo(2);
        assertThat(epic("run", p.toString(), "--particles", "4", "--partitions", "5").code()).isEqualTo(2);
        assertThat(epic("run", p.toString(), "--method", "mcmc").code()).isEqualTo(2);
        assertThat(epic("run", p.toString(), "--engine", "sequential").code()).isEqualTo(2);
        assertThat(epic("run", p.toString(), "--max-memory", "lots").code()).isEqualTo(2);
    }
}
