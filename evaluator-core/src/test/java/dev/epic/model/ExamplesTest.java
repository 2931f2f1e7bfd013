package dev.epic.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.SequentialEngine;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.model.endpoint.ModelSettings;
import dev.epic.model.sim.SimSettings;
import dev.epic.runtime.OpportunisticEngine;
import dev.epic.tools.ExternalRegistry;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every program in {@code examples/} runs on both engines against the simulated model (sped up) and gives the
 * same answer; the case studies give answers of the expected shape (Tree-of-Thoughts solves puzzles).
 */
class ExamplesTest {
    private static final ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "examples-test");
    // The configuration the examples are documented to run with: it turns on the case-study behaviours.
    private static final Config config =
            ConfigFactory.parseFile(Path.of("..", "examples", "case-studies.conf").toFile()).withFallback(ConfigFactory.load());
    private static final Models models = Models.start(system, ModelSettings.fromConfig(config),
            SimSettings.fromConfig(config).withTimeScale(0.02), List.of());
    private static final OpportunisticEngine opportunistic = new OpportunisticEngine(system);

    @AfterAll
    static void shutdown() {
        models.close();
        system.terminate();
    }

    @TestFactory
    Stream<DynamicTest> examplesGiveTheSameAnswerOnBothEngines() throws IOException {
        Path dir = Path.of("..", "examples");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".epic")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("tree-of-thoughts.epic", "tool-use.epic",
                "constrained-decoding.epic", "streaming-fanout.epic", "map-reduce.epic");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Program p = StandardLanguage.compile(new Source(f.toString(), Files.readString(f)),
                    dev.epic.pasta.lang.PastaFunctions.register(LlmFunctions.register(ExternalRegistry.withDefaults(), models.service()),
                            models::service, dev.epic.pasta.decode.PastaSettings.defaults(), new dev.epic.pasta.decode.PastaRecorder()));
            RunOptions options = RunOptions.defaults().withTimeout(Duration.ofMinutes(3));
            RunResult seq = new SequentialEngine().run(p, options);
            RunResult opp = opportunistic.run(p, options);
            assertThat(seq.ok()).as(seq.display()).isTrue();
            assertThat(opp.display()).isEqualTo(seq.display());
            assertThat(opp.stats().maxInFlight()).as("calls in flight together").isGreaterThan(1);
            check(f.getFileName().toString(), seq.display());
        }));
    }

    private static void check(String name, String answer) {
        switch (name) {
            case "tree-of-thoughts.epic":
                assertThat(answer).as("puzzles solved").contains("= 24;");
                break;
            case "tool-use.epic":
                assertThat(answer).contains("Total: 1595650").contains("Total: 204");
                break;
            case "constrained-decoding.epic":
                assertThat(answer).matches("\\[\\(\"(19|20)\\d\\d\", -?[0-9.]+\\)(, \\(\"(19|20)\\d\\d\", -?[0-9.]+\\))*\\]");
                break;
            case "streaming-fanout.epic":
                assertThat(answer).isEqualTo("20");
                break;
            case "pasta-answers.epic":
                assertThat(answer).contains("## Give five tips for better sleep.").contains("Here are 5 tips on better sleep.")
                        .contains("## Plan a three-day trip to Lisbon.").doesNotContain("<promise").doesNotContain("<sync/>");
                break;
            default:
                assertThat(answer).isNotBlank();
        }
    }
}
