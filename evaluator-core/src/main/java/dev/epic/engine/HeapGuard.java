package dev.epic.engine;

import dev.epic.lang.eval.MemoryBudget;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.NotificationEmitter;

/**
 * The last line of defence of a process's heap. Jobs' budgets bound what each job's machines hold, measured by
 * each machine for itself; a job whose data is spread over many machines (thousands of redexes each holding a
 * little) can hold more than any one of them sees. The JVM tells this guard when its old generation is still over
 * {@link #THRESHOLD} of its maximum after a collection; the guard then revokes the budget of the running job that
 * holds the most, which stops at its next step with a memory error — before the heap runs out for everyone.
 */
public final class HeapGuard {
    /** Share of the old generation still in use after a collection that makes the guard act. */
    static final double THRESHOLD = 0.85;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HeapGuard.class);
    private static final HeapGuard INSTANCE = new HeapGuard();

    /**
     * How long a revoked job's machines have to stop by themselves (at their next allocation, with the position they
     * are at) before the job is stopped from outside, which is how a job that is waiting ends.
     */
    static final long GRACE_MS = 500;

    /** Running jobs' budgets, with what to do to stop each one that is not running a step (a waiting job). */
    private final Map<MemoryBudget, Runnable> jobs = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService timer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "epic-heap-guard");
                t.setDaemon(true);
                return t;
            });

    private HeapGuard() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            // Only the pools that hold what survives: a young pool (a survivor space of a few MiB, say) can be over
            // the threshold after a minor collection while the heap is nearly empty.
            boolean young = pool.getName().contains("Eden") || pool.getName().contains("Survivor");
            if (pool.getType() == MemoryType.HEAP && !young && pool.isCollectionUsageThresholdSupported()
                    && pool.getUsage().getMax() > 0) {
                pool.setCollectionUsageThreshold((long) (pool.getUsage().getMax() * THRESHOLD));
            }
        }
        NotificationEmitter emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
        emitter.addNotificationListener((n, handback) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType()) && stillFull()) {
                revokeLargest();
            }
        }, null, null);
    }

    private final java.util.concurrent.atomic.AtomicBoolean confirming = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Whether the old generation is still over the threshold after a full collection now: the notification comes
     * after the fact, and the garbage of a job that has just ended is not a reason to stop the one running now. A
     * notification is rare (the heap is nearly full), so a full collection to confirm it is cheap at that moment.
     */
    private boolean stillFull() {
        if (!confirming.compareAndSet(false, true)) {
            return false;
        }
        try {
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                        && pool.getUsage().getMax() > 0 && pool.getCollectionUsage() != null
                        && pool.getCollectionUsage().getUsed() > pool.getCollectionUsageThreshold()) {
                    return true;
                }
            }
            return false;
        } finally {
            confirming.set(false);
        }
    }

    /** Watches {@code budget} while its job runs; {@code stop} ends the job if it must go. Undo with {@link #release}. */
    public static void watch(MemoryBudget budget, Runnable stop) {
        INSTANCE.jobs.put(budget, stop);
    }

    public static void release(MemoryBudget budget) {
        INSTANCE.jobs.remove(budget);
    }

    /** Revokes the budget of the job that holds the most, by its last measurement (else by what it allocated). */
    static void revokeLargest() {
        MemoryBudget worst = null;
        long worstScore = -1;
        for (MemoryBudget b : INSTANCE.jobs.keySet()) {
            if (b.revoked() != null) {
                continue;
            }
            long score = Math.max(b.lastHeld(), b.charged() / 16);
            if (score > worstScore) {
                worst = b;
                worstScore = score;
            }
        }
        if (worst == null) {
            return;
        }
        LOG.warn("the heap is over {}% full after a collection; stopping the job that holds the most (last measured {} MiB, "
                + "{} MiB allocated)", (int) (THRESHOLD * 100), worst.lastHeld() >> 20, worst.charged() >> 20);
        worst.revoke("the process is short of memory and this job holds the most of it (memory limit)");
        MemoryBudget revoked = worst;
        INSTANCE.timer.schedule(() -> {
            Runnable stop = INSTANCE.jobs.get(revoked);
            if (stop != null) {
                stop.run();
            }
        }, GRACE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
