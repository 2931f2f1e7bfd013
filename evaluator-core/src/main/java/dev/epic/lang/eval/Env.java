package dev.epic.lang.eval;

import dev.epic.lang.value.Value;

/**
 * A lexical environment: a linked list of values addressed by depth, as the compiler resolved them. The
 * {@code value} is written once more only by {@code let rec}, before anything can read it.
 */
public final class Env {
    Value value;
    final Env next;
    /**
     * The last {@link MemoryMeter} walk that counted this link, in place of looking it up in a set: the field
     * fits in the padding the object had anyway (24 bytes with or without it).
     */
    int metered;

    public Env(Value value, Env next) {
        this.value = value;
        this.next = next;
    }

    public Value at(int depth) {
        Env e = this;
        for (int i = 0; i < depth; i++) {
            e = e.next;
        }
        return e.value;
    }
}
