package dev.epic.pasta.decode;

/**
 * The global token cap of one answer: the tokens decoded so far and what running decodes still hold. A decode
 * reserves its {@code max_tokens} before it is sent and holds it until it ends, so the main thread and all
 * chunks together never ask for more than the cap. Decoded tokens move from a hold to {@code used}; what is
 * left of a hold goes back when its decode ends. Guarded by the run's lock.
 */
final class TokenBudget {
    private final long cap;
    private long used;
    private long reserved;

    TokenBudget(long cap) {
        this.cap = cap;
    }

    /** What a new decode may still reserve. */
    long remaining() {
        return cap - used - reserved;
    }

    long used() {
        return used;
    }

    /** Reserves up to {@code wanted} tokens; the hold's {@code granted} is 0 when nothing is left. */
    Hold reserve(long wanted) {
        int granted = (int) Math.max(0, Math.min(wanted, remaining()));
        reserved += granted;
        return new Hold(granted);
    }

    /** What one decode holds. */
    final class Hold {
        final int granted;
        private int holding;

        private Hold(int granted) {
            this.granted = granted;
            this.holding = granted;
        }

        /** {@code n} tokens decoded. A server that counts tokens differently may go past the hold; they are used all the same. */
        void spend(int n) {
            used += n;
            int release = Math.min(n, holding);
            holding -= release;
            reserved -= release;
        }

        /** The decode has ended: what it did not use is free again. */
        void release() {
            reserved -= holding;
            holding = 0;
        }
    }
}
