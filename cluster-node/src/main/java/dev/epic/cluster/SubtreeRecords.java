package dev.epic.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's record of completed calls, kept per subtree: each subtree's calls in the order they completed. A
 * subtree is answered from its own record only, and only when it is sent again after its node was lost, so
 * that what a program computes never depends on which subtree ran first: two subtrees that make an equal
 * sampled call each get their own answer, as on one JVM, and a subtree that made the same call twice gets
 * both its answers back, in order. Not thread-safe (state of {@link JobPlacement}).
 */
final class SubtreeRecords {
    private final Map<Long, List<KnownCall>> bySubtree = new HashMap<>();

    /** Subtree {@code subtree} completed a call. */
    void completed(long subtree, KnownCall call) {
        bySubtree.computeIfAbsent(subtree, k -> new ArrayList<>()).add(call);
    }

    /** The subtree is over: its record is of no more use. */
    void forget(long subtree) {
        bySubtree.remove(subtree);
    }

    /**
     * What to ship with {@code subtree} when it is sent again, in completion order, as many as fit in
     * {@code room} bytes (the latest are left out first: a call left out is only issued again, never
     * answered wrongly).
     */
    List<KnownCall> forResend(long subtree, long room) {
        List<KnownCall> out = new ArrayList<>();
        for (KnownCall k : bySubtree.getOrDefault(subtree, List.of())) {
            room -= k.value().estimatedBytes() + 3L * k.key().length();
            if (room < 0) {
                break;
            }
            out.add(k);
        }
        return out;
    }
}
