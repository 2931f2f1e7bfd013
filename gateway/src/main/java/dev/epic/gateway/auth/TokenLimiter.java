package dev.epic.gateway.auth;

import java.util.HashMap;
import java.util.Map;

/** How many jobs each owner has queued or running, against a per-owner cap. Thread-safe. */
public final class TokenLimiter {
    private final int max;
    private final Map<String, Integer> active = new HashMap<>();

    public TokenLimiter(int max) {
        this.max = max;
    }

    /** Takes a slot for {@code owner}; false (and nothing taken) when the owner is at the cap. */
    public synchronized boolean tryAcquire(String owner) {
        int n = active.getOrDefault(owner, 0);
        if (n >= max) {
            return false;
        }
        active.put(owner, n + 1);
        return true;
    }

    /** Takes a slot even past the cap: jobs recovered after a restart were accepted already. */
    public synchronized void force(String owner) {
        active.merge(owner, 1, Integer::sum);
    }

    public synchronized void release(String owner) {
        active.computeIfPresent(owner, (k, n) -> n <= 1 ? null : n - 1);
    }

    public synchronized int active(String owner) {
        return active.getOrDefault(owner, 0);
    }
}
