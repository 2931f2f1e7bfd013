package dev.epic.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Calls still in flight when a job ends are abandoned once; a late report of one of them counts for nothing. */
class CallClockTest {
    @Test
    void aCallThatResolvesAfterTheEndIsNotCountedTwice() {
        CallClock c = new CallClock();
        assertThat(c.dispatched(1, new CallClock.Dispatch(0, "llm"))).isTrue();
        assertThat(c.dispatched(2, new CallClock.Dispatch(5, "search"))).isTrue();
        assertThat(c.ended(1)).isEqualTo(new CallClock.Dispatch(0, "llm"));
        assertThat(c.close()).isEqualTo(1);
        // The abandoned call 2 reports late, and a new dispatch arrives after the end: both ignored.
        assertThat(c.ended(2)).isNull();
        assertThat(c.dispatched(3, new CallClock.Dispatch(9, "llm"))).isFalse();
        assertThat(c.close()).isZero();
    }
}
