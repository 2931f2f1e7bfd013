package dev.epic.runtime;

import dev.epic.engine.CallLog;
import dev.epic.engine.RunOptions;
import dev.epic.lang.compile.Program;
import dev.epic.lang.value.Value;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every actor of one job shares: the program, its limits, the call log, and the count of reductions
 * made so far across all redexes (added once per slice, so the step limit holds for the job as a whole).
 */
final class JobContext {
    final Program program;
    final RunOptions options;
    final CallLog log;
    final JobHooks hooks;
    /** For a forked subtree, the function and argument its root applies; null for a whole program. */
    final Value rootFn;
    final Value rootArg;
    final AtomicLong reductions = new AtomicLong();
    /** The job's memory budget, shared by all its redexes' machines. */
    final dev.epic.lang.eval.MemoryBudget budget;
    /** Set once nobody waits for the job's outcome any more (its future failed): the supervisor then stops. */
    private volatile boolean abandoned;
    /** Tests only: told of every change in the job's redexes, on the supervisor's turn; set before the job starts. */
    RedexWatch redexWatch = RedexWatch.NONE;

    /** Tests only: runs at the start of every turn of every redex of the job, on that redex's thread (a fault hook). */
    Runnable turnHook = () -> { };

    /** Sees the redexes of a job come and go. */
    interface RedexWatch {
        RedexWatch NONE = (live, spawned) -> { };

        /** {@code live} redexes are alive now; {@code spawned} were spawned so far, the root included. */
        void changed(int live, int spawned);
    }

    JobContext(Program program, RunOptions options) {
        this(program, options, JobHooks.NONE, new ConcurrentHashMap<>(), null, null);
    }

    JobContext(Program program, RunOptions options, JobHooks hooks, ConcurrentHashMap<String, Value> completed,
               Value rootFn, Value rootArg) {
        this.program = program;
        this.options = options;
        this.log = new CallLog(options.events(), completed);
        this.hooks = hooks;
        this.rootFn = rootFn;
        this.rootArg = rootArg;
        this.budget = options.newBudget();
    }

    void abandon() {
        abandoned = true;
    }

    boolean abandoned() {
        return abandoned;
    }

    /** Adds a slice's reductions; true if the job is now over its step limit. */
    boolean addReductions(long n) {
        return reductions.addAndGet(n) > options.maxSteps();
    }
}
