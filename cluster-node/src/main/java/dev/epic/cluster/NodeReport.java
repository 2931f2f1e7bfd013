package dev.epic.cluster;

import dev.epic.cluster.wire.CborSerializable;

/**
 * What one node did for one job: subtrees it hosted (and how many of them were re-sent there after another
 * node was lost), external calls it dispatched, reductions it made, and the most redex actors it had at once.
 */
public record NodeReport(String node, long subtrees, long resent, long calls, long reductions, long peakActors)
        implements CborSerializable {
    NodeReport plus(long subtrees, long resent, long calls, long reductions, long peakActors) {
        return new NodeReport(node, this.subtrees + subtrees, this.resent + resent, this.calls + calls,
                this.reductions + reductions, Math.max(this.peakActors, peakActors));
    }
}
