package dev.epic.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.cluster.wire.WireGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each subtree is sent again with its own completed calls only, in the order they completed. */
class SubtreeRecordsTest {
    private static KnownCall call(String key, long v) {
        return new KnownCall(key, new WireGraph(List.of(new WireGraph.Int(v))));
    }

    @Test
    void aResentSubtreeGetsItsOwnCallsInOrderAndNoOtherSubtreesCalls() {
        SubtreeRecords r = new SubtreeRecords();
        r.completed(1, call("llm(\"a\")", 10));
        r.completed(2, call("llm(\"a\")", 20));
        r.completed(1, call("llm(\"a\")", 11));
        assertThat(r.forResend(1, 1 << 20)).containsExactly(call("llm(\"a\")", 10), call("llm(\"a\")", 11));
        assertThat(r.forResend(2, 1 << 20)).containsExactly(call("llm(\"a\")", 20));
        assertThat(r.forResend(3, 1 << 20)).isEmpty();
    }

    @Test
    void theLatestCallsAreLeftOutWhenTheRecordDoesNotFitAndAFinishedSubtreeIsForgotten() {
        SubtreeRecords r = new SubtreeRecords();
        r.completed(1, call("k1", 1));
        r.completed(1, call("k2", 2));
        long one = call("k1", 1).value().estimatedBytes() + 3L * "k1".length();
        assertThat(r.forResend(1, one)).containsExactly(call("k1", 1));
        r.forget(1);
        assertThat(r.forResend(1, 1 << 20)).isEmpty();
    }
}
