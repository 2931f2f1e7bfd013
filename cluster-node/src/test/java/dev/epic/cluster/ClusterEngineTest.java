package dev.epic.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.syntax.Source;
import dev.epic.tools.ExternalRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster engine in one JVM: a member that is its own worker, with {@code serialize-messages = on}, so every
 * message between placement and node supervisor goes through its wire form as if it crossed nodes.
 */
class ClusterEngineTest {
    static ActorSystem<SpawnProtocol.Command> system;
    static ClusterEngine engine;
    static final ExternalRegistry registry = ExternalRegistry.withDefaults();

    @BeforeAll
    static void start() throws Exception {
        system = ActorSystem.create(SpawnProtocol.create(), "epic", ConfigFactory.parseString(
                "pekko.actor.serialize-messages = on\nepic.cluster.fork = all\n"
                        // A small frame limit (payloads up to 32 KiB) to meet the size checks cheaply.
                        + "pekko.remote.artery.advanced.maximum-large-frame-size = 64KiB\n")
                .withFallback(ClusterNode.config(null, "127.0.0.1", 0, List.of(), List.of("worker"))));
        engine = ClusterNode.install(system, s -> StandardLanguage.compile(s, registry));
        Cluster c = Cluster.get(system);
        c.manager().tell(Join.create(c.selfMember().address()));
        ClusterNode.up(system).get(60, java.util.concurrent.TimeUnit.SECONDS);
        awaitOneWorker(system);
    }

    /** Work is placed once the worker's node supervisor is listed by the member's receptionist. */
    private static void awaitOneWorker(ActorSystem<?> member) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ClusterNode.workersUp(member) != 1) {
            assertThat(System.nanoTime()).as("waiting for the node supervisor to be listed").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stop() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    private static ClusterEngine.ClusterRun run(String text) {
        return engine.start(StandardLanguage.compile(new Source("t.epic", text), registry),
                RunOptions.defaults().withTimeout(Duration.ofSeconds(60)));
    }

    @Test
    void forkedElementsRunOnTheWorkerAndComeBackSerialized() {
        ClusterEngine.ClusterRun r = run("List.map (fun i -> delay(10, (i, [i * 2]))) (List.range(0, 5))");
        assertThat(r.result().toCompletableFuture().join().display())
                .isEqualTo("[(0, [0]), (1, [2]), (2, [4]), (3, [6]), (4, [8])]");
        // Node supervisors other tests of this class start register too: count over all of them.
        List<NodeReport> nodes = r.nodes().toCompletableFuture().join();
        assertThat(nodes.stream().mapToLong(NodeReport::subtrees).sum()).isEqualTo(5);
        assertThat(nodes.stream().mapToLong(NodeReport::calls).sum()).isEqualTo(5);
    }

    @Test
    void anErrorInAForkedElementIsTheSequentialError() {
        RunResult r = run("List.map (fun i -> if i = 3 then fail(\"three\") else i) (List.range(0, 5))")
                .result().toCompletableFuture().join();
        assertThat(r.ok()).isFalse();
        assertThat(r.error().getMessage()).isEqualTo("three");
    }

    /** Runs {@code fn 1} of program {@code text} on a node supervisor of its own with {@code known} as the record. */
    private static JobPlacement.SubtreeDone runOnNode(String job, String text, List<KnownCall> known) throws Exception {
        dev.epic.lang.compile.Program p = StandardLanguage.compile(new Source("t.epic", text), registry);
        dev.epic.lang.value.Value fn = new dev.epic.engine.SequentialEngine().run(p, RunOptions.defaults()).value();
        dev.epic.cluster.wire.WireCodec codec = new dev.epic.cluster.wire.WireCodec(p.index());
        org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<JobPlacement.Command> placement =
                org.apache.pekko.actor.testkit.typed.javadsl.TestProbe.create(system);
        org.apache.pekko.actor.typed.ActorRef<NodeSupervisor.Command> node = org.apache.pekko.actor.typed.javadsl.AskPattern
                .<SpawnProtocol.Command, org.apache.pekko.actor.typed.ActorRef<NodeSupervisor.Command>>ask(system,
                        r -> new SpawnProtocol.Spawn<>(NodeSupervisor.create(new dev.epic.runtime.OpportunisticEngine(system),
                                s -> StandardLanguage.compile(s, registry), "test-node",
                                ClusterSettings.fromConfig(system.settings().config()).maxPayloadBytes()), "test-node-" + job,
                                org.apache.pekko.actor.typed.Props.empty(), r), Duration.ofSeconds(10), system.scheduler())
                .toCompletableFuture().join();
        node.tell(new NodeSupervisor.LoadProgram(job, "t.epic", text, p.index().fingerprint(),
                placement.ref()));
        node.tell(new NodeSupervisor.RunSubtree(job, 1, codec.encode(fn), codec.encode(dev.epic.lang.value.Value.Int.of(1)),
                known, 100_000, 600_000, placement.ref()));
        List<JobPlacement.Command> got = placement.fishForMessage(Duration.ofSeconds(30), m -> m instanceof JobPlacement.SubtreeDone
                ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
        return (JobPlacement.SubtreeDone) got.get(got.size() - 1);
    }

    private static KnownCall known(String key, long value) throws Exception {
        dev.epic.cluster.wire.WireCodec codec = new dev.epic.cluster.wire.WireCodec(
                StandardLanguage.compile(new Source("t.epic", "1"), registry).index());
        return new KnownCall(key, codec.encode(dev.epic.lang.value.Value.Int.of(value)));
    }

    @Test
    void aNodeAnswersACallInTheShippedRecordInsteadOfIssuingIt() throws Exception {
        // A call that would take ten minutes: only the record can answer it within the test's wait.
        JobPlacement.SubtreeDone done = runOnNode("slow", "fun i -> delay(600000, i)",
                List.of(known("delay(600000, 1)", 42)));
        assertThat(done.calls()).as("calls issued").isZero();
        assertThat(done.value().nodes().get(0)).isEqualTo(new dev.epic.cluster.wire.WireGraph.Int(42));
    }

    @Test
    void aRecordedCallAnswersOnlyOneOfTwoEqualCalls() throws Exception {
        JobPlacement.SubtreeDone done = runOnNode("twice", "fun i -> (delay(1, i), delay(1, i))",
                List.of(known("delay(1, 1)", 42)));
        assertThat(done.calls()).as("calls issued").isEqualTo(1);
        assertThat(done.value().nodes()).contains(new dev.epic.cluster.wire.WireGraph.Int(42),
                new dev.epic.cluster.wire.WireGraph.Int(1));
    }

    @Test
    void twoRecordedEqualCallsAnswerTwoEqualCallsInOrder() throws Exception {
        JobPlacement.SubtreeDone done = runOnNode("twice-recorded", "fun i -> (delay(600000, i), delay(600000, i))",
                List.of(known("delay(600000, 1)", 42), known("delay(600000, 1)", 43)));
        assertThat(done.calls()).as("calls issued").isZero();
        assertThat(done.value().nodes()).contains(new dev.epic.cluster.wire.WireGraph.Int(42),
                new dev.epic.cluster.wire.WireGraph.Int(43));
    }

    @Test
    void equalCallsOfDifferentSubtreesAreEachIssuedAsSequentially() {
        // The values of one subtree's calls must not answer another's: with sampled calls, that would change
        // what the program computes.
        String text = "let a = List.map (fun i -> delay(50, 7)) [1] in\n"
                + "if List.sum a > 0 then List.map (fun i -> delay(50, 7) + i) [1, 2] else []";
        dev.epic.lang.compile.Program p = StandardLanguage.compile(new Source("t.epic", text), registry);
        RunResult sequential = new dev.epic.engine.SequentialEngine().run(p, RunOptions.defaults());
        ClusterEngine.ClusterRun r = engine.start(p, RunOptions.defaults().withTimeout(Duration.ofSeconds(60)));
        RunResult cluster = r.result().toCompletableFuture().join();
        assertThat(cluster.display()).isEqualTo(sequential.display()).isEqualTo("[8, 9]");
        assertThat(sequential.stats().externalCalls()).isEqualTo(3);
        assertThat(cluster.stats().externalCalls()).as("calls made on the cluster").isEqualTo(3);
        assertThat(r.nodes().toCompletableFuture().join().stream().mapToLong(NodeReport::subtrees).sum()).isEqualTo(3);
    }

    @Test
    void aJobOverItsStepLimitOnlyInTotalExceedsItAsSequentially() {
        String text = "List.map (fun i -> let rec loop = fun n -> if n = 0 then i else loop (n - 1) in loop 3000) "
                + "(List.range(0, 8))";
        dev.epic.lang.compile.Program p = StandardLanguage.compile(new Source("t.epic", text), registry);
        long total = new dev.epic.engine.SequentialEngine().run(p, RunOptions.defaults()).stats().reductions();
        RunOptions limited = RunOptions.defaults().withMaxSteps(total / 2).withTimeout(Duration.ofSeconds(60));
        RunResult sequential = new dev.epic.engine.SequentialEngine().run(p, limited);
        assertThat(sequential.error().kind()).isEqualTo(dev.epic.lang.eval.EvalError.Kind.STEP_LIMIT);
        ClusterEngine.ClusterRun r = engine.start(p, limited);
        RunResult cluster = r.result().toCompletableFuture().join();
        assertThat(cluster.ok()).as(cluster.display()).isFalse();
        assertThat(cluster.error().kind()).isEqualTo(dev.epic.lang.eval.EvalError.Kind.STEP_LIMIT);
        assertThat(r.nodes().toCompletableFuture().join().stream().mapToLong(NodeReport::subtrees).sum())
                .as("the work was spread (each element alone is under the limit)").isPositive();
    }

    @Test
    void aSubtreeANodeCannotDecodeIsRejectedAndTheNodeKeepsWorking() throws Exception {
        String text = "fun i -> i + 1";
        dev.epic.lang.compile.Program p = StandardLanguage.compile(new Source("t.epic", text), registry);
        org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<JobPlacement.Command> placement =
                org.apache.pekko.actor.testkit.typed.javadsl.TestProbe.create(system);
        org.apache.pekko.actor.typed.ActorRef<NodeSupervisor.Command> node = spawnNode("bad-subtree");
        node.tell(new NodeSupervisor.LoadProgram("bad", "t.epic", text, p.index().fingerprint(),
                placement.ref()));
        // A closure numbered past the program's function literals: the node cannot build it.
        dev.epic.cluster.wire.WireGraph nonsense = new dev.epic.cluster.wire.WireGraph(List.of(
                new dev.epic.cluster.wire.WireGraph.Closure(9999, 1), new dev.epic.cluster.wire.WireGraph.Env(0,
                        dev.epic.cluster.wire.WireGraph.NONE)));
        dev.epic.cluster.wire.WireGraph one = new dev.epic.cluster.wire.WireGraph(List.of(new dev.epic.cluster.wire.WireGraph.Int(1)));
        node.tell(new NodeSupervisor.RunSubtree("bad", 1, nonsense, one, List.of(), 1000, 60_000, placement.ref()));
        JobPlacement.SubtreeRejected rejected = placement.expectMessageClass(JobPlacement.SubtreeRejected.class,
                Duration.ofSeconds(30));
        assertThat(rejected.subtree()).isEqualTo(1);
        assertThat(rejected.message()).contains("cannot be decoded");
        dev.epic.lang.value.Value fn = new dev.epic.engine.SequentialEngine().run(p, RunOptions.defaults()).value();
        dev.epic.cluster.wire.WireCodec codec = new dev.epic.cluster.wire.WireCodec(p.index());
        node.tell(new NodeSupervisor.RunSubtree("bad", 2, codec.encode(fn), one, List.of(), 1000, 60_000, placement.ref()));
        JobPlacement.SubtreeDone done = placement.expectMessageClass(JobPlacement.SubtreeDone.class, Duration.ofSeconds(30));
        assertThat(done.value().nodes().get(0)).isEqualTo(new dev.epic.cluster.wire.WireGraph.Int(2));
    }

    @Test
    void aNodeForgetsAJobWhosePlacementIsGone() throws Exception {
        String text = "fun i -> delay(600000, i)";
        dev.epic.lang.compile.Program p = StandardLanguage.compile(new Source("t.epic", text), registry);
        dev.epic.cluster.wire.WireCodec codec = new dev.epic.cluster.wire.WireCodec(p.index());
        dev.epic.lang.value.Value fn = new dev.epic.engine.SequentialEngine().run(p, RunOptions.defaults()).value();
        dev.epic.cluster.wire.WireGraph one = codec.encode(dev.epic.lang.value.Value.Int.of(1));
        org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<JobPlacement.Command> placement =
                org.apache.pekko.actor.testkit.typed.javadsl.TestProbe.create(system);
        org.apache.pekko.actor.typed.ActorRef<NodeSupervisor.Command> node = spawnNode("orphan");
        node.tell(new NodeSupervisor.LoadProgram("orphan", "t.epic", text, p.index().fingerprint(),
                placement.ref()));
        node.tell(new NodeSupervisor.RunSubtree("orphan", 1, codec.encode(fn), one, List.of(), 1000, 600_000, placement.ref()));
        // The submitting member's placement goes without an EndJob (its member died).
        placement.stop();
        org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<JobPlacement.Command> other =
                org.apache.pekko.actor.testkit.typed.javadsl.TestProbe.create(system);
        // Until the node has seen the placement go, a subtree of the job still runs (and is cancelled with it).
        JobPlacement.SubtreeRejected rejected = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (long id = 2; rejected == null; id++) {
            assertThat(System.nanoTime()).as("the node forgets the job").isLessThan(deadline);
            node.tell(new NodeSupervisor.RunSubtree("orphan", id, codec.encode(fn), one, List.of(), 1000, 600_000,
                    other.ref()));
            try {
                JobPlacement.Command m = other.receiveMessage(Duration.ofSeconds(3));
                if (m instanceof JobPlacement.SubtreeRejected r) {
                    rejected = r;
                }
            } catch (AssertionError stillRunning) {
                // No answer yet: that subtree is running; try again.
            }
        }
        assertThat(rejected.message()).contains("not loaded here");
    }

    @Test
    void aSubtreeOneNodeRejectsIsPlacedOnAnother() throws Exception {
        // A fake node, least loaded (the real ones carry a load), that refuses every job's program.
        org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<NodeSupervisor.Command> refusing =
                org.apache.pekko.actor.testkit.typed.javadsl.TestProbe.create(system);
        NodeLoad load = new NodeLoad();
        org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<org.apache.pekko.actor.typed.receptionist.Receptionist.Listing>
                listing = org.apache.pekko.actor.testkit.typed.javadsl.TestProbe.create(system);
        system.receptionist().tell(org.apache.pekko.actor.typed.receptionist.Receptionist.find(NodeSupervisor.KEY, listing.ref()));
        for (org.apache.pekko.actor.typed.ActorRef<NodeSupervisor.Command> n
                : listing.receiveMessage(Duration.ofSeconds(10)).getServiceInstances(NodeSupervisor.KEY)) {
            for (int i = 0; i < 100; i++) {
                load.add(n);
            }
        }
        system.receptionist().tell(org.apache.pekko.actor.typed.receptionist.Receptionist.register(NodeSupervisor.KEY,
                refusing.ref()));
        while (true) {
            system.receptionist().tell(org.apache.pekko.actor.typed.receptionist.Receptionist.find(NodeSupervisor.KEY, listing.ref()));
            if (listing.receiveMessage(Duration.ofSeconds(10)).getServiceInstances(NodeSupervisor.KEY).contains(refusing.ref())) {
                break;
            }
        }
        try {
        String text = "fun i -> delay(1, i * 3)";
        dev.epic.lang.compile.Program p = StandardLanguage.compile(new Source("t.epic", text), registry);
        dev.epic.lang.value.Value fn = new dev.epic.engine.SequentialEngine().run(p, RunOptions.defaults()).value();
        dev.epic.cluster.wire.WireCodec codec = new dev.epic.cluster.wire.WireCodec(p.index());
        org.apache.pekko.actor.typed.ActorRef<JobPlacement.Command> placement = org.apache.pekko.actor.typed.javadsl.AskPattern
                .<SpawnProtocol.Command, org.apache.pekko.actor.typed.ActorRef<JobPlacement.Command>>ask(system,
                        r -> new SpawnProtocol.Spawn<>(JobPlacement.create("refused", p.source(),
                                p.index().fingerprint(), codec, RunOptions.defaults(),
                                new java.util.concurrent.ConcurrentHashMap<>(), 1 << 20, load), "refused-job",
                                org.apache.pekko.actor.typed.Props.empty(), r), Duration.ofSeconds(10), system.scheduler())
                .toCompletableFuture().join();
        java.util.concurrent.CompletableFuture<dev.epic.lang.value.Value> out = new java.util.concurrent.CompletableFuture<>();
        placement.tell(new JobPlacement.Fork(codec.encode(fn), codec.encode(dev.epic.lang.value.Value.Int.of(5)), out));
        NodeSupervisor.LoadProgram loadMsg = refusing.expectMessageClass(NodeSupervisor.LoadProgram.class, Duration.ofSeconds(20));
        loadMsg.placement().tell(new JobPlacement.ProgramRejected(
                org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().address().toString(), "another version",
                refusing.ref()));
        assertThat(out.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(dev.epic.lang.value.Value.Int.of(15));
        placement.tell(new JobPlacement.Finish(org.apache.pekko.actor.testkit.typed.javadsl.TestProbe
                .<List<NodeReport>>create(system).ref()));
        } finally {
            // Other tests' jobs must not be placed on a node that never answers.
            system.receptionist().tell(org.apache.pekko.actor.typed.receptionist.Receptionist.deregister(NodeSupervisor.KEY,
                    refusing.ref()));
            refusing.stop();
        }
    }

    private static org.apache.pekko.actor.typed.ActorRef<NodeSupervisor.Command> spawnNode(String name) {
        return org.apache.pekko.actor.typed.javadsl.AskPattern
                .<SpawnProtocol.Command, org.apache.pekko.actor.typed.ActorRef<NodeSupervisor.Command>>ask(system,
                        r -> new SpawnProtocol.Spawn<>(NodeSupervisor.create(new dev.epic.runtime.OpportunisticEngine(system),
                                s -> StandardLanguage.compile(s, registry), "test-node",
                                ClusterSettings.fromConfig(system.settings().config()).maxPayloadBytes()), "test-node-" + name,
                                org.apache.pekko.actor.typed.Props.empty(), r), Duration.ofSeconds(10), system.scheduler())
                .toCompletableFuture().join();
    }

    @Test
    void anElementTooLargeToShipStaysLocal() {
        ClusterEngine.ClusterRun r = run("let rec grow = fun s n -> if n = 0 then s else grow (s ^ s) (n - 1) in\n"
                + "let big = grow \"abcdefgh\" 13 in List.map (fun i -> String.length big + i) [1, 2]");
        assertThat(r.result().toCompletableFuture().join().display()).isEqualTo("[65537, 65538]");
        assertThat(r.nodes().toCompletableFuture().join()).as("nothing shipped").isEmpty();
    }

    @Test
    void aValueTooLargeToSendBackIsAClearError() {
        RunResult r = run("let rec grow = fun s n -> if n = 0 then s else grow (s ^ s) (n - 1) in\n"
                + "List.map (fun i -> grow \"abcdefgh\" 13) [1]").result().toCompletableFuture().join();
        assertThat(r.ok()).isFalse();
        assertThat(r.error().getMessage()).contains("too large to send back");
    }

    @Test
    void printInAForkedElementReachesTheJobsOutput() {
        java.util.List<String> printed = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunResult r = engine.start(StandardLanguage.compile(new Source("t.epic", "List.map (fun i -> print i) [7]"), registry),
                RunOptions.defaults().withEvents(e -> {
                    if (dev.epic.engine.Event.OUTPUT.equals(e.kind())) {
                        printed.add(e.detail());
                    }
                })).result().toCompletableFuture().join();
        assertThat(r.display()).isEqualTo("[()]");
        assertThat(printed).containsExactly("7");
    }

    @Test
    void pureWorkStaysLocalUnlessAskedToShipEverything() throws Exception {
        ActorSystem<SpawnProtocol.Command> other = ActorSystem.create(SpawnProtocol.create(), "epic",
                ClusterNode.config(null, "127.0.0.1", 0, List.of(), List.of()));
        try {
            ClusterEngine external = ClusterNode.install(other, s -> StandardLanguage.compile(s, registry));
            Cluster.get(other).manager().tell(Join.create(Cluster.get(system).selfMember().address()));
            ClusterNode.up(other).get(60, java.util.concurrent.TimeUnit.SECONDS);
            awaitOneWorker(other);
            ClusterEngine.ClusterRun r = external.start(StandardLanguage.compile(new Source("t.epic",
                    "(List.map (fun i -> i * i) [1, 2, 3], List.map (fun i -> delay(1, i)) [4])"), registry),
                    RunOptions.defaults().withTimeout(Duration.ofSeconds(60)));
            assertThat(r.result().toCompletableFuture().join().display()).isEqualTo("([1, 4, 9], [4])");
            assertThat(r.nodes().toCompletableFuture().join().stream().mapToLong(NodeReport::subtrees).sum())
                    .as("only the element that calls out travels").isEqualTo(1);
        } finally {
            other.terminate();
            other.getWhenTerminated().toCompletableFuture().join();
        }
    }
}
