package dev.epic.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.cluster.NodeReport;
import dev.epic.engine.Event;
import dev.epic.engine.RunStats;
import java.util.List;

/**
 * A run as JSON, the same in the command line's files ({@code epic run --stats}, {@code --events}) and the
 * gateway's job documents and event streams: its statistics, what each worker node did, and its events.
 */
public final class RunJson {
    private RunJson() {}

    /** {@code engine}, {@code wall_ms}, {@code external_calls}, {@code max_in_flight} and {@code reductions} into {@code o}. */
    public static void putStats(ObjectNode o, RunStats s) {
        o.put("engine", s.engine());
        o.put("wall_ms", s.wallMs());
        o.put("external_calls", s.externalCalls());
        o.put("max_in_flight", s.maxInFlight());
        o.put("reductions", s.reductions());
    }

    /** What each worker node did, one object per node, into {@code a}. */
    public static void putNodes(ArrayNode a, List<NodeReport> nodes) {
        for (NodeReport n : nodes) {
            a.addObject().put("node", n.node()).put("subtrees", n.subtrees()).put("resent", n.resent())
                    .put("calls", n.calls()).put("reductions", n.reductions()).put("peak_actors", n.peakActors());
        }
    }

    /** An engine event's {@code t_ms}, {@code kind}, {@code call}, {@code fn}, and {@code text}, {@code value} or {@code message}. */
    public static void putEvent(ObjectNode o, Event e) {
        o.put("t_ms", e.tMs());
        o.put("kind", e.kind());
        o.put("call", e.call());
        o.put("fn", e.fn());
        if (e.detail() != null) {
            o.put(Event.OUTPUT.equals(e.kind()) ? "value" : Event.CHUNK.equals(e.kind()) ? "text" : "message", e.detail());
        }
    }
}
