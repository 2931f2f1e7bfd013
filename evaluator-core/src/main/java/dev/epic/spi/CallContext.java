package dev.epic.spi;

import dev.epic.lang.value.Value;

/**
 * What an external function may tell the runtime while its call is under way. Thread-safe: a streaming call
 * reports from whatever thread its data arrives on.
 */
public interface CallContext {
    CallContext NONE = new CallContext() {
        public long callId() {
            return 0;
        }

        public void chunk(String text) {
        }

        public void partial(Value value) {
        }
    };

    /** The call's id in events. */
    long callId();

    /** A piece of a streamed answer arrived: recorded as a {@code chunk} event. */
    void chunk(String text);

    /**
     * The call's value is known before the call ends: typically a list whose tail is still pending and grows
     * as a stream arrives. The opportunistic engine hands it to the program at once; the call still counts as
     * in flight until its stage completes (with the same value) or fails. The sequential engine ignores this
     * and waits for the stage.
     */
    void partial(Value value);
}
