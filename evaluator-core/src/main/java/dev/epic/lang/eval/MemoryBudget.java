package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory one job may hold, and the hard size caps of its strings and lists. Shared by every machine of the
 * job (thread-safe).
 *
 * <p>Machines charge an estimate of what they allocate (string characters, list cells, tuple and record slots,
 * closures, continuation frames) in chunks. Allocation is not holding — most of it is garbage by the next step
 * — so when enough has been charged since the last look for the job to have reached its limit, the charging
 * machine measures what it actually holds (everything reachable from its stack, {@link MemoryMeter}) and stops
 * the job with {@code memory limit of N MiB exceeded} if that is over the limit (see {@link #measured} for when
 * the next look comes). A budget can also be {@linkplain #revoke revoked} from outside (the process is short of memory and
 * this job holds the most, {@link dev.epic.engine.HeapGuard}): its machines stop at their next charge or slice.
 */
public final class MemoryBudget {
    /** Longest string, in characters, when nothing else is configured. */
    public static final int DEFAULT_MAX_STRING_CHARS = 64 * 1024 * 1024;
    /** Longest list a builtin builds at once ({@code List.range}, {@code String.split} …). */
    public static final long DEFAULT_MAX_LIST_LENGTH = 50_000_000L;

    /** No limit on what a job holds (caps still apply): for tests and trusted hosts. */
    public static MemoryBudget unlimited() {
        return new MemoryBudget(Long.MAX_VALUE, DEFAULT_MAX_STRING_CHARS, DEFAULT_MAX_LIST_LENGTH);
    }

    private final long limitBytes;
    private final int maxStringChars;
    private final long maxListLength;
    private final AtomicLong sinceLook = new AtomicLong();
    private final AtomicLong charged = new AtomicLong();
    private volatile long nextLook;
    private volatile long lastHeld;
    private volatile String revoked;
    /** Where a machine of the job was when it last accounted for what it allocated, and the calls that led there. */
    private volatile Span lastSite;
    private volatile CallChain lastChain;

    public MemoryBudget(long limitBytes, int maxStringChars, long maxListLength) {
        if (limitBytes <= 0 || maxStringChars <= 0 || maxListLength <= 0) {
            throw new IllegalArgumentException("memory limits must be positive");
        }
        this.limitBytes = limitBytes;
        // One string or list made at once must fit in the budget too: a character takes up to two bytes and is
        // copied once as it is built; a list cell takes about 32 bytes. The caps shrink with a small budget.
        this.maxStringChars = (int) Math.min(maxStringChars, Math.max(1024, limitBytes / 4));
        this.maxListLength = Math.min(maxListLength, Math.max(1024, limitBytes / 32));
        this.nextLook = firstLook(limitBytes);
    }

    private static long firstLook(long limit) {
        return limit == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(MIN_LOOK, limit);
    }

    /** Looks come at least this far apart, in bytes charged (and a quarter of the limit). */
    private static final long MIN_LOOK = 256 * 1024;

    public long limitBytes() {
        return limitBytes;
    }

    public boolean limited() {
        return limitBytes != Long.MAX_VALUE;
    }

    public int maxStringChars() {
        return maxStringChars;
    }

    public long maxListLength() {
        return maxListLength;
    }

    /** Everything charged since the job started: what it allocated, by estimate. */
    public long charged() {
        return charged.get();
    }

    /** What the job held at its last measurement, in bytes. */
    public long lastHeld() {
        return lastHeld;
    }

    /**
     * Adds {@code bytes} charged by a machine; true if it is time for that machine to measure what it holds
     * (then it calls {@link #measured}).
     */
    boolean add(long bytes) {
        charged.addAndGet(bytes);
        return sinceLook.addAndGet(bytes) >= nextLook;
    }

    /**
     * A machine held {@code heldBytes} and is about to allocate {@code more}: throws the memory error if that is
     * over the limit, else schedules the next look. What a job holds grows by at most what it allocates, and
     * charges overestimate allocation, so it cannot pass the limit before another {@code limit − held} has been
     * charged: the next look comes then — or after a quarter of the limit, whichever is later, which keeps the
     * number of looks small as the job nears its limit and lets it pass the limit by at most that quarter.
     */
    void measured(long heldBytes, long more, Span at, CallChain chain) {
        lastHeld = heldBytes;
        sinceLook.set(0);
        if (heldBytes + more > limitBytes) {
            throw exceeded(at, chain);
        }
        nextLook = Math.max(limitBytes - heldBytes, Math.max(limitBytes / 4, MIN_LOOK));
    }

    EvalError exceeded(Span at, CallChain chain) {
        return new EvalError(EvalError.Kind.MEMORY, "memory limit of " + mib(limitBytes) + " exceeded", at, chain);
    }

    void lastAt(Span at, CallChain chain) {
        lastSite = at;
        lastChain = chain;
    }

    /**
     * The error of a job stopped from outside because its budget was {@linkplain #revoke revoked}: positioned where one
     * of its machines last accounted for what it allocated (the program's own code, not the prelude's), or nowhere if
     * none has.
     */
    public EvalError revokedError() {
        Span at = lastSite;
        CallChain chain = lastChain;
        return new EvalError(EvalError.Kind.MEMORY, revoked, at == null ? Span.NONE : Machine.userSite(at, chain), chain);
    }

    /** Stops the job at its machines' next charge or slice, with {@code reason}. */
    public void revoke(String reason) {
        revoked = reason;
    }

    /** Non-null once {@linkplain #revoke revoked}: why. */
    public String revoked() {
        return revoked;
    }

    /** Throws the job's memory error if the budget was revoked. */
    void checkRevoked(Span at, CallChain chain) {
        String why = revoked;
        if (why != null) {
            throw new EvalError(EvalError.Kind.MEMORY, why, at, chain);
        }
    }

    static String mib(long bytes) {
        long m = bytes / (1024 * 1024);
        return m * 1024 * 1024 == bytes ? m + " MiB" : String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }
}
