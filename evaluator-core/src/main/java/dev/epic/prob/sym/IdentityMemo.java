package dev.epic.prob.sym;

import java.util.Arrays;

/**
 * An identity-keyed table for one walk over an expression DAG (what a shared node was already found to be), cleared
 * in O(1) between walks by a generation stamp, so a walk over a small expression costs no allocation. Expressions
 * are records that compare by value, so the key is the object, never its {@code equals}.
 */
final class IdentityMemo {
    /** Above this capacity a table is dropped when cleared, so one huge walk does not keep its nodes alive. */
    private static final int KEEP = 1 << 12;

    private Object[] keys = new Object[64];
    private Object[] values = new Object[64];
    private int[] stamps = new int[64];
    private int generation = 1;
    private int size;

    /** Forgets every entry. */
    void clear() {
        size = 0;
        if (keys.length > KEEP) {
            keys = new Object[64];
            values = new Object[64];
            stamps = new int[64];
            generation = 1;
        } else if (++generation == Integer.MAX_VALUE) {
            Arrays.fill(stamps, 0);
            Arrays.fill(keys, null);
            Arrays.fill(values, null);
            generation = 1;
        }
    }

    int size() {
        return size;
    }

    /** The value stored for {@code key} in this walk, or null. */
    Object get(Object key) {
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (stamps[i] != generation) {
                return null;
            }
            if (keys[i] == key) {
                return values[i];
            }
        }
    }

    void put(Object key, Object value) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (stamps[i] != generation) {
                stamps[i] = generation;
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    private void grow() {
        Object[] oldKeys = keys;
        Object[] oldValues = values;
        int[] oldStamps = stamps;
        int oldGeneration = generation;
        keys = new Object[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        stamps = new int[oldKeys.length * 2];
        generation = 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldStamps[i] == oldGeneration) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int hash(Object key) {
        int h = System.identityHashCode(key);
        return h ^ (h >>> 16);
    }
}
