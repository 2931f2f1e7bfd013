package dev.epic.prob.sym;

import java.util.Arrays;

/** A growable list of ints without boxing, reused as scratch space on hot paths. */
public final class IntList {
    private int[] items;
    private int size;

    public IntList() {
        this(8);
    }

    public IntList(int capacity) {
        items = new int[Math.max(capacity, 1)];
    }

    public int size() {
        return size;
    }

    public int get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return items[i];
    }

    public void set(int i, int v) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        items[i] = v;
    }

    public void add(int v) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = v;
    }

    /** Adds {@code v} unless it is already present (keeps first-insertion order). */
    public void addDistinct(int v) {
        if (!contains(v)) {
            add(v);
        }
    }

    public boolean contains(int v) {
        return indexOf(v, 0, size) >= 0;
    }

    /** Index of {@code v} in positions {@code [from, to)}, or −1. */
    public int indexOf(int v, int from, int to) {
        for (int i = from; i < to; i++) {
            if (items[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** Shrinks to the first {@code newSize} elements. */
    public void truncate(int newSize) {
        size = newSize;
    }

    public void clear() {
        size = 0;
    }

    public int[] toArray() {
        return Arrays.copyOf(items, size);
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
