package dev.epic.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.cluster.NodeReport;
import dev.epic.engine.RunStats;
import java.util.List;

/** A run's statistics as JSON, the same in `epic run --stats` and the gateway's job documents. */
public final class StatsJson {
    private StatsJson() {}

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
}
