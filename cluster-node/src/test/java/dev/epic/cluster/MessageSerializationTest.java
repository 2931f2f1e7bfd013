package dev.epic.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.epic.cluster.wire.WireError;
import dev.epic.cluster.wire.WireGraph;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every message that crosses nodes survives Pekko's serialization (Jackson CBOR) unchanged. */
class MessageSerializationTest {
    private static final ActorTestKit kit = ActorTestKit.create("epic",
            ClusterNode.config(null, "127.0.0.1", 0, List.of(), List.of()));
    /** Compares what was sent with what arrived; actor references by their address. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
            .addSerializer(ActorRef.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance));

    @AfterAll
    static void close() {
        kit.shutdownTestKit();
    }

    private static final WireGraph GRAPH = new WireGraph(List.of(
            new WireGraph.Tuple(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12}),
            new WireGraph.Unit(), new WireGraph.Bool(true), new WireGraph.Int(-7), new WireGraph.Flt(2.5),
            new WireGraph.Str("é ${x}"), new WireGraph.Cons(3, 7), new WireGraph.Nil(),
            new WireGraph.Record(List.of("a", "b"), new int[] {3, 4}), new WireGraph.Global(0, "fold"),
            new WireGraph.Closure(0, 11), new WireGraph.Env(3, WireGraph.NONE),
            new WireGraph.Partial(9, new int[] {3})));

    /** Serializes with the serializer Pekko picks (it must be CBOR), reads it back, and compares field by field. */
    private static void roundTrip(Object message) throws Exception {
        Serialization s = SerializationExtension.get(Adapter.toClassic(kit.system()));
        assertThat(s.findSerializerFor(message).getClass().getSimpleName()).isEqualTo("JacksonCborSerializer");
        Object back = kit.serializationTestKit().verifySerialization(message, false);
        assertThat(back).isInstanceOf(message.getClass());
        assertThat(JSON.valueToTree(back).toString()).isEqualTo(JSON.valueToTree(message).toString());
    }

    @Test
    void nodeSupervisorMessagesRoundTrip() throws Exception {
        ActorRef<JobPlacement.Command> placement = kit.<JobPlacement.Command>createTestProbe().ref();
        roundTrip(new NodeSupervisor.LoadProgram("job-1", "a.epic", "List.map f xs", "10/2/300", placement));
        roundTrip(new NodeSupervisor.RunSubtree("job-1", 4, GRAPH, GRAPH, List.of(new KnownCall("llm(\"a\")", GRAPH)),
                1000, 5000, placement));
        roundTrip(new NodeSupervisor.EndJob("job-1"));
    }

    @Test
    void placementMessagesRoundTrip() throws Exception {
        roundTrip(new JobPlacement.SubtreeDone(4, "pekko://epic@127.0.0.1:1", GRAPH, 3, 100, 2));
        roundTrip(new JobPlacement.SubtreeFailed(4, "pekko://epic@127.0.0.1:1", new WireError("ERROR", "boom", "a.epic", 1, 2)));
        roundTrip(new JobPlacement.CallReported(4, "delay(1, 2)", GRAPH));
        roundTrip(new JobPlacement.OutputReported("hello"));
        roundTrip(new JobPlacement.ProgramRejected("pekko://epic@127.0.0.1:1", "does not compile",
                kit.<NodeSupervisor.Command>createTestProbe().ref()));
        roundTrip(new JobPlacement.SubtreeRejected(4, "pekko://epic@127.0.0.1:1", "cannot be decoded"));
    }

    @Test
    void sharedBatcherMessagesRoundTrip() throws Exception {
        ActorRef<dev.epic.cluster.models.BatcherClient.Command> clientRef =
                kit.<dev.epic.cluster.models.BatcherClient.Command>createTestProbe().ref();
        roundTrip(new dev.epic.cluster.models.BatcherHost.Call("m#1", "Say hi", new dev.epic.model.GenParams(20, 0.5, null,
                List.of("\n"), 2, 7L, 3), true, clientRef));
        roundTrip(new dev.epic.cluster.models.BatcherHost.GetHostStats(
                kit.<dev.epic.cluster.models.BatcherHost.HostStats>createTestProbe().ref()));
        roundTrip(new dev.epic.cluster.models.BatcherHost.HostStats("pekko://epic@127.0.0.1:1",
                new dev.epic.model.batch.BatcherStats("sim", 3, 2, 1, 0, 2, 0, java.util.Map.of(1, 1L, 2, 1L), 1.5, 2.5, 10, 20,
                        dev.epic.model.batch.LatencyHistogram.empty(), dev.epic.model.batch.LatencyHistogram.empty())));
        roundTrip(new dev.epic.cluster.models.BatcherClient.Accepted("m#1", "pekko://epic@127.0.0.1:2"));
        roundTrip(new dev.epic.cluster.models.BatcherClient.Chunk("m#1", 1, " hello"));
        roundTrip(new dev.epic.cluster.models.BatcherClient.Answered("m#1", new dev.epic.model.ModelResult(List.of(
                new dev.epic.model.ModelResult.Choice("hi", "stop", List.of(new dev.epic.model.ModelResult.Alternative("hi", -0.1)))))));
        roundTrip(new dev.epic.cluster.models.BatcherClient.Failed("m#1", "endpoint down"));
    }

    @Test
    void wireValuesAndReportsRoundTrip() throws Exception {
        roundTrip(GRAPH);
        roundTrip(new NodeReport("pekko://epic@127.0.0.1:1", 1, 0, 2, 3, 4));
        roundTrip(new KnownCall("k", GRAPH));
        roundTrip(new WireError("STEP_LIMIT", "step limit exceeded", "<builtin>", 0, 0));
    }
}
