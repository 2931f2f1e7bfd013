package dev.epic.engine;

import dev.epic.lang.eval.EvalError;
import dev.epic.lang.eval.ExternalFn;
import dev.epic.lang.eval.Failures;
import dev.epic.lang.eval.Machine;
import dev.epic.lang.eval.MachineHost;
import dev.epic.lang.eval.Parked;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;
import dev.epic.spi.ExternalFunction;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reference semantics: call-by-value, left to right, each external call awaited before going on. Runs on
 * its own thread; limits are checked between slices of reductions and while waiting for a call.
 *
 * <p>Given a map of completed calls (see {@link CallLog}), calls found in it are answered from it without
 * being issued; the opportunistic engine uses that to re-derive the exact error the sequential order meets.
 */
public final class SequentialEngine implements Engine {
    static final long SLICE = 1_000_000;

    private final ConcurrentHashMap<String, Value> knownCalls;

    public SequentialEngine() {
        this(null);
    }

    public SequentialEngine(ConcurrentHashMap<String, Value> knownCalls) {
        this.knownCalls = knownCalls;
    }

    @Override
    public String name() {
        return "sequential";
    }

    @Override
    public RunHandle start(Program program, RunOptions options) {
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        Run run = new Run(program, options, result);
        Thread t = new Thread(run, "epic-sequential");
        t.setDaemon(true);
        run.thread = t;
        t.start();
        return run;
    }

    private final class Run implements Runnable, RunHandle, MachineHost {
        private final Program program;
        private final RunOptions options;
        private final CompletableFuture<RunResult> result;
        private final CallLog log;
        private final long deadline;
        private final dev.epic.lang.eval.MemoryBudget budget;
        private volatile boolean cancelled;
        volatile Thread thread;

        Run(Program program, RunOptions options, CompletableFuture<RunResult> result) {
            this.program = program;
            this.options = options;
            this.result = result;
            this.log = knownCalls == null ? new CallLog(options.events()) : new CallLog(options.events(), knownCalls);
            this.deadline = System.nanoTime() + options.timeout().toNanos();
            this.budget = options.newBudget();
        }

        @Override
        public dev.epic.lang.eval.MemoryBudget budget() {
            return budget;
        }

        @Override
        public CompletableFuture<RunResult> result() {
            return result;
        }

        @Override
        public void cancel() {
            cancelled = true;
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            Machine m = null;
            EvalError error = null;
            Value value = null;
            HeapGuard.watch(budget, this::cancel);
            try {
                m = Machine.forProgram(program.code(), program.globals(), this, false);
                while (true) {
                    Machine.Outcome o = m.run(Math.min(SLICE, options.maxSteps() - m.reductions() + 1));
                    if (o == Machine.Outcome.DONE) {
                        value = m.result();
                        break;
                    }
                    if (o == Machine.Outcome.FAILED) {
                        error = m.error();
                        break;
                    }
                    if (o == Machine.Outcome.SUSPENDED) {
                        throw new IllegalStateException("the sequential machine suspended");
                    }
                    error = checkLimits(m);
                    if (error != null) {
                        break;
                    }
                }
            } catch (Throwable t) {
                // The machine turns the program's failures into errors; this is the runtime's own, and still the
                // run's error, so the result below is always completed.
                error = Failures.of(t, Span.NONE, m == null ? null : m.chain());
            } finally {
                HeapGuard.release(budget);
                if (error != null) {
                    log.error(error.getMessage());
                }
                long wall = (System.nanoTime() - start) / 1_000_000;
                result.complete(new RunResult(value, error,
                        new RunStats(name(), wall, log.calls(), log.maxInFlight(), m == null ? 0 : m.reductions(), 0)));
            }
        }

        /** Why a cancelled run stopped: its budget was revoked (the heap guard), or it was cancelled. */
        private EvalError stopped() {
            String why = budget.revoked();
            return why != null ? budget.revokedError() : Limits.cancelled();
        }

        private EvalError checkLimits(Machine m) {
            if (m.reductions() > options.maxSteps()) {
                return Limits.stepLimit(options.maxSteps(), m.chain());
            }
            if (cancelled) {
                return stopped();
            }
            if (System.nanoTime() > deadline) {
                return Limits.timeout(options.timeout());
            }
            return null;
        }

        @Override
        public Value callExternal(ExternalFn fn, List<Value> args, Span site) {
            String key = CallLog.key(fn.name(), args);
            if (knownCalls != null) {
                Value known = log.cached(key);
                if (known != null) {
                    return known;
                }
            }
            long id = log.dispatched(fn.name());
            try {
                long wait = deadline - System.nanoTime();
                if (cancelled) {
                    throw new InterruptedException();
                }
                java.util.concurrent.CompletionStage<Value> stage = ExternalFunction.of(fn).call(args, log.context(id, fn.name(), partial -> { }));
                if (stage == null) {
                    throw new IllegalStateException("the function returned no answer");
                }
                Value v = stage.toCompletableFuture().get(Math.max(wait, 0), TimeUnit.NANOSECONDS);
                if (v == null) {
                    throw new IllegalStateException("the function answered with no value");
                }
                log.resolved(id, fn.name(), key, v);
                return v;
            } catch (InterruptedException e) {
                log.failed(id, fn.name(), "cancelled");
                throw stopped();
            } catch (TimeoutException e) {
                log.failed(id, fn.name(), "timed out");
                throw Limits.timeout(options.timeout());
            } catch (ExecutionException e) {
                EvalError error = Limits.callThrew(fn.name(), e.getCause(), site);
                log.failed(id, fn.name(), error.getMessage());
                throw error;
            } catch (Throwable t) {
                EvalError e = Limits.callThrew(fn.name(), t, site);
                log.failed(id, fn.name(), e.getMessage());
                throw e;
            }
        }

        @Override
        public void output(Value v, Span site) {
            log.output(v);
        }

        @Override
        public void park(Parked parked) {
            throw new IllegalStateException("the sequential engine never parks");
        }
    }
}
