package dev.epic.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.epic.engine.Engine;
import dev.epic.engine.SequentialEngine;
import dev.epic.runtime.OpportunisticEngine;
import dev.epic.testing.GoldenCorpus;
import dev.epic.testing.GoldenCorpus.GoldenProgram;
import dev.epic.tools.ExternalRegistry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every golden program ({@link GoldenCorpus}) on the sequential and the opportunistic engine, checks the
 * outcome and output its comments expect, and that the two engines agree. cluster-node runs the same corpus on
 * the cluster engine.
 */
class GoldenProgramsTest {
    private static final OpportunisticEngine opportunistic = new OpportunisticEngine();

    @AfterAll
    static void close() {
        opportunistic.close();
    }

    @TestFactory
    Stream<DynamicNode> goldenPrograms() throws IOException, URISyntaxException {
        List<GoldenProgram> programs = GoldenCorpus.programs();
        assertThat(programs.size()).as("golden programs").isGreaterThanOrEqualTo(60);
        return programs.stream().map(GoldenProgramsTest::program);
    }

    private static DynamicNode program(GoldenProgram p) {
        List<String> displays = new ArrayList<>();
        return DynamicContainer.dynamicContainer(p.name(), Stream.of(
                dynamicTest("sequential engine gives the expected outcome", () -> displays.add(check(p, new SequentialEngine()))),
                dynamicTest("opportunistic engine gives the expected outcome", () -> displays.add(check(p, opportunistic))),
                dynamicTest("both engines agree", () -> {
                    assertThat(displays).hasSize(2);
                    assertThat(displays.get(1)).isEqualTo(displays.get(0));
                })));
    }

    private static String check(GoldenProgram p, Engine engine) {
        return GoldenCorpus.check(p, ExternalRegistry.withDefaults(), engine::run);
    }
}
