package dev.epic.gateway.jobs;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The jobs this gateway holds, by id and, for each owner, in submission order, so a page of the list costs
 * its own size rather than a sort of every job. Thread-safe.
 */
final class JobIndex {
    private final Map<String, Job> byId = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Long, Job>> byOwner = new ConcurrentHashMap<>();

    void add(Job j) {
        byId.put(j.id(), j);
        byOwner.computeIfAbsent(j.owner(), o -> new ConcurrentSkipListMap<>()).put(j.seq(), j);
    }

    Job get(String id) {
        return byId.get(id);
    }

    void remove(String id) {
        Job j = byId.remove(id);
        if (j != null) {
            ConcurrentSkipListMap<Long, Job> mine = byOwner.get(j.owner());
            if (mine != null) {
                mine.remove(j.seq());
            }
        }
    }

    Collection<Job> all() {
        return byId.values();
    }

    /** The owner's jobs after {@code afterSeq} in submission order, at most {@code limit}, optionally of one state. */
    List<Job> list(String owner, long afterSeq, int limit, JobState state) {
        ConcurrentSkipListMap<Long, Job> mine = byOwner.get(owner);
        if (mine == null) {
            return List.of();
        }
        return mine.tailMap(afterSeq, false).values().stream().filter(j -> state == null || j.state() == state).limit(limit).toList();
    }

    Map<JobState, Long> counts() {
        Map<JobState, Long> out = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            out.put(s, 0L);
        }
        for (Job j : byId.values()) {
            out.merge(j.state(), 1L, Long::sum);
        }
        return out;
    }
}
