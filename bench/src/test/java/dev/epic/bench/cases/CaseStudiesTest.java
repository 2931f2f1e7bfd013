package dev.epic.bench.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.epic.engine.SequentialEngine;
import dev.epic.model.Models;
import dev.epic.model.endpoint.ModelSettings;
import dev.epic.model.sim.SimSettings;
import dev.epic.runtime.OpportunisticEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Each case study gives the same answer three ways: sequential EPIC, opportunistic EPIC, hand-written Java. */
class CaseStudiesTest {
    private static final ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "cases-test");
    // The configuration the examples are documented to run with: it turns on the case-study behaviours.
    private static final Config config =
            ConfigFactory.parseFile(Path.of("..", "examples", "case-studies.conf").toFile()).withFallback(ConfigFactory.load());
    private static final Models models = Models.start(system, ModelSettings.fromConfig(config),
            SimSettings.fromConfig(config).withTimeScale(0.02), List.of());

    @AfterAll
    static void shutdown() {
        models.close();
        system.terminate();
    }

    @TestFactory
    Stream<DynamicTest> allThreeVersionsGiveTheSameAnswer() throws Exception {
        OpportunisticEngine opportunistic = new OpportunisticEngine(system);
        SequentialEngine sequential = new SequentialEngine();
        return CaseStudies.cases(Path.of("..", "examples")).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            CaseStudies.Run seq = CaseStudies.run(c, CaseStudies.Way.SEQUENTIAL, models.service(), sequential, opportunistic);
            CaseStudies.Run opp = CaseStudies.run(c, CaseStudies.Way.OPPORTUNISTIC, models.service(), sequential, opportunistic);
            CaseStudies.Run hand = CaseStudies.run(c, CaseStudies.Way.HAND_WRITTEN, models.service(), sequential, opportunistic);
            assertThat(opp.answer()).isEqualTo(seq.answer());
            assertThat(hand.answer()).isEqualTo(seq.answer());
            assertThat(hand.calls()).as("calls made").isEqualTo(seq.calls());
            assertThat(opp.calls()).isEqualTo(seq.calls());
            assertThat(seq.criticalPathMs()).isPositive();
        }));
    }
}
