package dev.epic.prob.infer;

/**
 * The entries of a symbolic state, keyed by random-variable id: a persistent 16-way trie whose leaves hold
 * {@code stride} slots per entry, with copy-on-first-write ownership.
 *
 * <p>Every node is an {@code Object[]} whose slot 0 is its owner token. A table writes in place into nodes that
 * carry its own token and copies (path-copies from the root) a node that carries another; {@link #copy} gives both
 * the original and the copy fresh tokens, so after a resample every node is shared and each particle copies only
 * the nodes it then writes — a leaf of 16 entries and its path, typically the few leaves around the newest ids —
 * while the history of a trajectory stays shared. Ids are allocated densely from 0 by {@link #add}. A one-leaf
 * cache makes the common access to the newest entries a single array index. Not thread-safe.
 */
final class EntryTable {
    private static final int BITS = 4;
    private static final int WIDTH = 1 << BITS;
    private static final int MASK = WIDTH - 1;

    private final int stride;
    private Object token = new Object();
    private Object[] root;
    /** Bits of the id consumed below the root; 0 means the root is a leaf. */
    private int shift;
    private int size;
    private Object[] cachedLeaf;
    private int cachedBase = -1;
    /** The leaf last written, if owned: writes mostly go to the newest entries, reads to their parents too. */
    private Object[] writeLeaf;
    private int writeBase = -1;

    EntryTable(int stride) {
        this.stride = stride;
        this.root = newLeaf();
    }

    private EntryTable(int stride, Object[] root, int shift, int size) {
        this.stride = stride;
        this.root = root;
        this.shift = shift;
        this.size = size;
    }

    int size() {
        return size;
    }

    /** Allocates the next id; its slots are null until set. */
    int add() {
        int id = size++;
        if (id >= (WIDTH << shift)) {
            Object[] top = new Object[1 + WIDTH];
            top[0] = token;
            top[1] = root;
            root = top;
            shift += BITS;
        }
        return id;
    }

    int stride() {
        return stride;
    }

    Object get(int id, int field) {
        Object[] leaf;
        if ((id & ~MASK) == cachedBase) {
            leaf = cachedLeaf;
        } else {
            Object[] node = root;
            for (int s = shift; s > 0; s -= BITS) {
                node = (Object[]) node[1 + ((id >>> s) & MASK)];
                if (node == null) {
                    return null;
                }
            }
            leaf = node;
            cachedLeaf = leaf;
            cachedBase = id & ~MASK;
        }
        return leaf[1 + (id & MASK) * stride + field];
    }

    void set(int id, int field, Object value) {
        if (id >= size || id < 0) {
            throw new IndexOutOfBoundsException(id);
        }
        Object[] leaf;
        if ((id & ~MASK) == writeBase && writeLeaf[0] == token) {
            leaf = writeLeaf;
        } else {
            leaf = writableLeaf(id);
            writeLeaf = leaf;
            writeBase = id & ~MASK;
        }
        leaf[1 + (id & MASK) * stride + field] = value;
    }

    private Object[] writableLeaf(int id) {
        if (root[0] != token) {
            root = owned(root);
        }
        Object[] node = root;
        for (int s = shift; s > 0; s -= BITS) {
            int i = 1 + ((id >>> s) & MASK);
            Object[] child = (Object[]) node[i];
            if (child == null) {
                child = s == BITS ? newLeaf() : newInner();
                node[i] = child;
            } else if (child[0] != token) {
                child = owned(child);
                node[i] = child;
            }
            node = child;
        }
        cachedLeaf = node;
        cachedBase = id & ~MASK;
        return node;
    }

    private Object[] owned(Object[] node) {
        Object[] copy = node.clone();
        copy[0] = token;
        return copy;
    }

    private Object[] newLeaf() {
        Object[] leaf = new Object[1 + WIDTH * stride];
        leaf[0] = token;
        return leaf;
    }

    private Object[] newInner() {
        Object[] inner = new Object[1 + WIDTH];
        inner[0] = token;
        return inner;
    }

    /** A table with the same entries sharing every node; afterwards neither writes into shared nodes. */
    EntryTable copy() {
        token = new Object();
        EntryTable c = new EntryTable(stride, root, shift, size);
        c.cachedLeaf = cachedLeaf;
        c.cachedBase = cachedBase;
        return c;
    }
}
