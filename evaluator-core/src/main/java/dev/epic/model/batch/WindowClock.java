package dev.epic.model.batch;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Ends batching windows. Windows last a few milliseconds (5 ms by default, less when scaled), far below the
 * actor scheduler's resolution: Pekko's timers fire on 10 ms ticks, so a 1.25 ms window measured 25–30 ms on a
 * loaded machine, longer than the decode step it was meant to save. {@link #PRECISE} waits with the JDK's timed
 * waits instead (sub-millisecond); tests use a clock they advance by hand.
 */
public interface WindowClock {
    /** A scheduled action that may be called off; calling off one that already ran does nothing. */
    interface Scheduled {
        void cancel();
    }

    /** Runs {@code action} once, about {@code delay} from now, on a thread of the clock's own. */
    Scheduled schedule(Duration delay, Runnable action);

    /** One daemon thread for every batcher of the process; the actions only tell a batcher its window is over. */
    WindowClock PRECISE = new WindowClock() {
        private final ScheduledThreadPoolExecutor timer = timer();

        private ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread th = new Thread(r, "epic-batch-windows");
                th.setDaemon(true);
                return th;
            });
            t.setRemoveOnCancelPolicy(true);
            return t;
        }

        @Override
        public Scheduled schedule(Duration delay, Runnable action) {
            ScheduledFuture<?> f = timer.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        }
    };
}
