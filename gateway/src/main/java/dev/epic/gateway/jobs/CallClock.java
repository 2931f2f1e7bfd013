package dev.epic.gateway.jobs;

import java.util.HashMap;
import java.util.Map;

/**
 * When each of one job's external calls was dispatched, for their latency, and how many are in flight. Once
 * the job has ended ({@link #close}) the calls still in flight are counted as abandoned exactly once: a call
 * that reports after that is ignored, so the gateway's in-flight gauge is not decremented twice.
 */
final class CallClock {
    /** A dispatched call: when (ms since the job started) and which function. */
    record Dispatch(long tMs, String fn) {}

    private final Map<Long, Dispatch> inFlight = new HashMap<>();
    private boolean closed;

    /** False (and nothing recorded) once the job has ended. */
    synchronized boolean dispatched(long call, Dispatch d) {
        if (closed) {
            return false;
        }
        inFlight.put(call, d);
        return true;
    }

    /** The dispatch of a call that has just ended; null if unknown or the job has already ended. */
    synchronized Dispatch ended(long call) {
        return closed ? null : inFlight.remove(call);
    }

    /** Ends the job's clock; returns how many calls were still in flight (the first time; 0 after). */
    synchronized int close() {
        if (closed) {
            return 0;
        }
        closed = true;
        int n = inFlight.size();
        inFlight.clear();
        return n;
    }
}
