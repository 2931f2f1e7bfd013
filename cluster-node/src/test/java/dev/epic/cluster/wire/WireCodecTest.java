package dev.epic.cluster.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.epic.engine.RunOptions;
import dev.epic.engine.SequentialEngine;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.value.Pending;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import dev.epic.runtime.JobHooks;
import dev.epic.runtime.OpportunisticEngine;
import dev.epic.tools.ExternalRegistry;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private static final OpportunisticEngine engine = new OpportunisticEngine();

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Program compile(String text) {
        return StandardLanguage.compile(new Source("t.epic", text), ExternalRegistry.withDefaults());
    }

    /** The program's value, sent through a wire graph and read back by a second compilation of the same text. */
    private static Value roundTrip(String text) throws WireCodec.NotPortable {
        Program here = compile(text);
        Value v = new SequentialEngine().run(here, RunOptions.defaults()).value();
        Program there = compile(text);
        return new WireCodec(there.index()).decode(new WireCodec(here.index()).encode(v));
    }

    @Test
    void dataKeepsItsShapeAcrossTheWire() throws Exception {
        String text = "(1, 2.5, \"s\", true, (), [1, 2, 3], {a = []; b = {c = \"x\"}})";
        assertThat(Values.show(roundTrip(text))).isEqualTo(Values.show(new SequentialEngine().run(compile(text),
                RunOptions.defaults()).value()));
    }

    @Test
    void aRecursiveClosureStillComputesAfterCrossing() throws Exception {
        String text = "let k = 3 in let rec fact = fun n -> if n = 0 then k else n * fact (n - 1) in fact";
        Program there = compile(text);
        Program here = compile(text);
        Value fact = new SequentialEngine().run(here, RunOptions.defaults()).value();
        Value decoded = new WireCodec(there.index()).decode(new WireCodec(here.index()).encode(fact));
        Value r = engine.startApplication(there, decoded, Value.Int.of(5), RunOptions.defaults(), JobHooks.NONE,
                new ConcurrentHashMap<>()).result().toCompletableFuture().join().value();
        assertThat(Values.show(r)).isEqualTo("360");
    }

    @Test
    void preludeFunctionsAndPartialApplicationsTravelByGlobalSlot() throws Exception {
        String text = "let f = List.map (fun x -> x + 1) in f";
        Program there = compile(text);
        Value partial = roundTrip(text);
        Value list = new Value.Cons(Value.Int.of(1), new Value.Cons(Value.Int.of(2), Value.Nil.NIL));
        Value r = engine.startApplication(there, partial, list, RunOptions.defaults(), JobHooks.NONE,
                new ConcurrentHashMap<>()).result().toCompletableFuture().join().value();
        assertThat(Values.show(r)).isEqualTo("[2, 3]");
    }

    @Test
    void aLongListDoesNotExhaustTheStack() throws Exception {
        Value list = Value.Nil.NIL;
        for (int i = 0; i < 300_000; i++) {
            list = new Value.Cons(Value.Int.of(i), list);
        }
        WireCodec codec = new WireCodec(compile("1").index());
        Value back = codec.decode(codec.encode(list));
        assertThat(Values.toList(back)).hasSize(300_000);
    }

    @Test
    void aValueNotKnownYetIsRefused() {
        WireCodec codec = new WireCodec(compile("1").index());
        assertThatThrownBy(() -> codec.encode(Value.Tuple.of(Value.Int.of(1), new Pending())))
                .isInstanceOf(WireCodec.NotPortable.class);
    }

    @Test
    void aGraphReferringToMissingNodesIsRejectedClearly() {
        WireCodec codec = new WireCodec(compile("1").index());
        assertThatThrownBy(() -> codec.decode(new WireGraph(java.util.List.of(new WireGraph.Cons(5, 6)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing node");
    }

    @Test
    void theSameTextNumbersItsCodeAlike() {
        String text = "let f = fun x -> fun y -> x + y in List.map (f 1) [1, 2]";
        assertThat(compile(text).index().fingerprint()).isEqualTo(compile(text).index().fingerprint());
    }
}
