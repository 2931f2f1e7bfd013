package dev.epic.engine;

import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers and records one run's external calls: ids, dispatch and resolve events, how many are in flight
 * (and the most ever), and the results of completed calls by function and arguments, so that a call that has
 * completed need not be paid for again. Thread-safe.
 */
public final class CallLog {
    private final long startNanos = System.nanoTime();
    private final EventSink events;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final ConcurrentHashMap<String, Value> completed;

    public CallLog(EventSink events) {
        this(events, new ConcurrentHashMap<>());
    }

    public CallLog(EventSink events, ConcurrentHashMap<String, Value> completed) {
        this.events = events;
        this.completed = completed;
    }

    public long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The key under which a completed call is remembered. */
    public static String key(String fn, List<Value> args) {
        return fn + Values.show(new Value.Tuple(args));
    }

    public Value cached(String key) {
        return completed.get(key);
    }

    public ConcurrentHashMap<String, Value> completedCalls() {
        return completed;
    }

    public long dispatched(String fn) {
        long id = ids.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        events.accept(new Event(elapsedMs(), Event.DISPATCH, id, fn, null));
        return id;
    }

    public void resolved(long id, String fn, String key, Value v) {
        completed.put(key, v);
        inFlight.decrementAndGet();
        events.accept(new Event(elapsedMs(), Event.RESOLVE, id, fn, null));
    }

    public void failed(long id, String fn, String message) {
        inFlight.decrementAndGet();
        events.accept(new Event(elapsedMs(), Event.ERROR, id, fn, message));
    }

    public void chunk(long id, String fn, String text) {
        events.accept(new Event(elapsedMs(), Event.CHUNK, id, fn, text));
    }

    /** A context for call {@code id} whose partial values go to {@code onPartial}. */
    public dev.epic.spi.CallContext context(long id, String fn, java.util.function.Consumer<Value> onPartial) {
        return new dev.epic.spi.CallContext() {
            public long callId() {
                return id;
            }

            public void chunk(String text) {
                CallLog.this.chunk(id, fn, text);
            }

            public void partial(Value value) {
                onPartial.accept(value);
            }
        };
    }

    public void output(Value v) {
        events.accept(new Event(elapsedMs(), Event.OUTPUT, 0, "", Values.display(v)));
    }

    public void error(String message) {
        events.accept(new Event(elapsedMs(), Event.ERROR, 0, "", message));
    }

    public long calls() {
        return ids.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }
}
