package dev.epic.engine;

import dev.epic.lang.eval.MemoryBudget;
import java.time.Duration;

/**
 * Limits and observers of one run: the most reductions, the wall-clock time, the memory the job may hold and the
 * longest string and list it may make ({@code maxMemoryBytes} {@link Long#MAX_VALUE}: no limit but the caps).
 */
public record RunOptions(long maxSteps, Duration timeout, EventSink events, long maxMemoryBytes, int maxStringChars,
                         long maxListLength) {
    public static final long DEFAULT_MAX_STEPS = 2_000_000_000L;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public RunOptions {
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxMemoryBytes <= 0 || maxStringChars <= 0 || maxListLength <= 0) {
            throw new IllegalArgumentException("memory limits must be positive");
        }
        events = events == null ? EventSink.NONE : events;
    }

    public RunOptions(long maxSteps, Duration timeout, EventSink events) {
        this(maxSteps, timeout, events, Long.MAX_VALUE, MemoryBudget.DEFAULT_MAX_STRING_CHARS, MemoryBudget.DEFAULT_MAX_LIST_LENGTH);
    }

    public static RunOptions defaults() {
        return new RunOptions(DEFAULT_MAX_STEPS, DEFAULT_TIMEOUT, EventSink.NONE);
    }

    public RunOptions withMaxSteps(long n) {
        return new RunOptions(n, timeout, events, maxMemoryBytes, maxStringChars, maxListLength);
    }

    public RunOptions withTimeout(Duration d) {
        return new RunOptions(maxSteps, d, events, maxMemoryBytes, maxStringChars, maxListLength);
    }

    public RunOptions withEvents(EventSink sink) {
        return new RunOptions(maxSteps, timeout, sink, maxMemoryBytes, maxStringChars, maxListLength);
    }

    /** A limit on the memory the job may hold, in bytes. */
    public RunOptions withMaxMemory(long bytes) {
        return new RunOptions(maxSteps, timeout, events, bytes, maxStringChars, maxListLength);
    }

    /** The hard caps on one string (characters) and one list built at once (elements). */
    public RunOptions withSizeCaps(int stringChars, long listLength) {
        return new RunOptions(maxSteps, timeout, events, maxMemoryBytes, stringChars, listLength);
    }

    /**
     * The memory limit and size caps of {@code epic.limits} in {@code config}: {@code max-memory} is a size or a
     * share of the JVM's maximum heap ({@code "50%"}).
     */
    public RunOptions withLimitsFrom(com.typesafe.config.Config config) {
        com.typesafe.config.Config c = config.getConfig("epic.limits");
        long listLength = c.getLong("max-list-length");
        long stringChars = c.getLong("max-string-chars");
        if (stringChars <= 0 || stringChars > Integer.MAX_VALUE - 8 || listLength <= 0) {
            throw new IllegalArgumentException("epic.limits: max-string-chars and max-list-length must be positive"
                    + " (max-string-chars at most " + (Integer.MAX_VALUE - 8) + ")");
        }
        return withMaxMemory(memoryLimit("epic.limits.max-memory", c.getString("max-memory"), Runtime.getRuntime().maxMemory()))
                .withSizeCaps((int) stringChars, listLength);
    }

    /** Setting {@code name}: {@code "N%"} of {@code maxHeap}, or a size in HOCON's notation ("512MiB", "2G"); positive. */
    public static long memoryLimit(String name, String setting, long maxHeap) {
        String s = setting.trim();
        long bytes;
        if (s.endsWith("%")) {
            double share;
            try {
                share = Double.parseDouble(s.substring(0, s.length() - 1).trim()) / 100;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": not a percentage: " + setting);
            }
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException(name + ": a share of the heap must be in (0%, 100%]: "
                        + setting);
            }
            bytes = (long) (maxHeap * share);
        } else {
            bytes = com.typesafe.config.ConfigFactory.parseString("v = \"" + s.replace("\"", "") + "\"")
                    .getBytes("v");
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + setting);
        }
        return bytes;
    }

    /** A fresh budget for one job run with these options. */
    public MemoryBudget newBudget() {
        return new MemoryBudget(maxMemoryBytes, maxStringChars, maxListLength);
    }
}
