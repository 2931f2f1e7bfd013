package dev.epic.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.typesafe.config.ConfigFactory;
import dev.epic.engine.SequentialEngine;
import dev.epic.host.StandardLanguage;
import dev.epic.testing.GoldenCorpus;
import dev.epic.testing.GoldenCorpus.GoldenProgram;
import dev.epic.tools.ExternalRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden corpus of evaluator-core on the cluster engine, in one JVM: a member that is its own worker, with
 * {@code epic.cluster.fork = all} (every element of a parallel map whose values can cross is shipped) and
 * {@code serialize-messages = on} (every message goes through its wire form as if it crossed nodes). Each
 * program must give the outcome and output its comments expect, and what the sequential engine gives.
 */
class ClusterGoldenProgramsTest {
    static ActorSystem<SpawnProtocol.Command> system;
    static ClusterEngine engine;
    static final ExternalRegistry registry = ExternalRegistry.withDefaults();

    @BeforeAll
    static void start() throws Exception {
        system = ActorSystem.create(SpawnProtocol.create(), "epic", ConfigFactory.parseString(
                        "pekko.actor.serialize-messages = on\nepic.cluster.fork = all\n")
                .withFallback(ClusterNode.config(null, "127.0.0.1", 0, List.of(), List.of("worker"))));
        engine = ClusterNode.install(system, s -> StandardLanguage.compile(s, registry));
        Cluster c = Cluster.get(system);
        c.manager().tell(Join.create(c.selfMember().address()));
        ClusterNode.up(system).get(60, java.util.concurrent.TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ClusterNode.workersUp(system) != 1) {
            assertThat(System.nanoTime()).as("waiting for the node supervisor to be listed").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stop() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    @TestFactory
    Stream<DynamicNode> goldenProgramsOnTheClusterEngine() throws Exception {
        List<GoldenProgram> programs = GoldenCorpus.programs();
        assertThat(programs.size()).as("golden programs").isGreaterThanOrEqualTo(60);
        return programs.stream().map(ClusterGoldenProgramsTest::program);
    }

    private static DynamicNode program(GoldenProgram p) {
        List<String> displays = new ArrayList<>();
        return DynamicContainer.dynamicContainer(p.name(), Stream.of(
                dynamicTest("cluster engine gives the expected outcome",
                        () -> displays.add(GoldenCorpus.check(p, registry, engine::run))),
                dynamicTest("cluster and sequential engines agree", () -> {
                    assertThat(displays).hasSize(1);
                    assertThat(displays.get(0)).isEqualTo(GoldenCorpus.check(p, registry, new SequentialEngine()::run));
                })));
    }
}
