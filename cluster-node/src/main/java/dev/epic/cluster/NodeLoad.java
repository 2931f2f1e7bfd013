package dev.epic.cluster;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * How many subtrees this member has outstanding on each worker node, over all its jobs: the placements of
 * concurrent jobs share one tally, so a new job's subtrees go to the nodes the other jobs load least instead
 * of piling onto the same node. Only counts (no waiting): each placement adds when it places a subtree and
 * takes away when the subtree is done, failed, moved or its job ends. Thread-safe; one per member
 * ({@link ClusterEngine}). Other members' jobs are not counted: each member balances its own.
 */
public final class NodeLoad {
    private final ConcurrentHashMap<ActorRef<NodeSupervisor.Command>, AtomicInteger> load = new ConcurrentHashMap<>();

    void add(ActorRef<NodeSupervisor.Command> node) {
        load.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
    }

    void remove(ActorRef<NodeSupervisor.Command> node) {
        AtomicInteger n = load.get(node);
        if (n != null) {
            n.decrementAndGet();
        }
    }

    /** The subtrees of this member's jobs outstanding on {@code node} now. */
    public int of(ActorRef<NodeSupervisor.Command> node) {
        AtomicInteger n = load.get(node);
        return n == null ? 0 : n.get();
    }
}
