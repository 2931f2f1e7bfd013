package dev.epic.prob.sym;

import java.util.ArrayDeque;

/**
 * What the symbolic walks of one thread share: the guard of the run the thread is working for, and identity memo
 * tables for walks over expression DAGs.
 *
 * <p><b>Guard.</b> Symbolic work (evaluation, substitution, free variables, conjugacy checks, means) can be long
 * inside one operation of the language: a machine that yields between reductions never gets to look at its clock.
 * So every large walk {@linkplain #tick ticks} once per node it visits (walks of at most {@link ExprWalks#SMALL_WALK}
 * nodes do not, and the SSI hoist ticks once per variable instead), and every {@value #INTERVAL} ticks the thread's
 * {@link Guard} is asked whether the run may go on (its deadline, a cancel, its memory budget), and told how many
 * nodes the walks built since it was last asked. The guard stops the work by throwing; with no guard installed
 * (tests, tools) a tick is a decrement.
 */
public final class SymWork {
    /** Ticks between two looks of the guard: a few microseconds of work. */
    static final int INTERVAL = 4096;

    private static final ThreadLocal<SymWork> CURRENT = ThreadLocal.withInitial(SymWork::new);

    /** Asked every {@value #INTERVAL} ticks whether the work may go on; throws to stop it. */
    @FunctionalInterface
    public interface Guard {
        /** {@code builtNodes}: expression nodes built since the last look (about 32 bytes each). */
        void check(long builtNodes);
    }

    private Guard guard;
    private int countdown = INTERVAL;
    private long built;
    private final ArrayDeque<IdentityMemo> memos = new ArrayDeque<>();
    private Interner interner;
    private final IdentityMemo rvs = new IdentityMemo();

    private SymWork() {}

    /** The calling thread's. */
    public static SymWork current() {
        return CURRENT.get();
    }

    /** Installs {@code g} (null: none) for the work this thread does from now on; returns the previous guard. */
    public Guard guard(Guard g) {
        Guard old = guard;
        guard = g;
        return old;
    }

    /** One node visited. */
    public void tick() {
        if (--countdown <= 0) {
            look();
        }
    }

    /** One node built (and visited). */
    void built() {
        built++;
        tick();
    }

    private void look() {
        countdown = INTERVAL;
        Guard g = guard;
        if (g != null) {
            long b = built;
            built = 0;
            g.check(b);
        }
    }

    /** The thread's hash-consing cache of operator nodes (made on first use). */
    Interner interner() {
        Interner i = interner;
        if (i == null) {
            i = new Interner();
            interner = i;
        }
        return i;
    }

    /** The distinct random variables of distribution {@code d}, if remembered. */
    int[] knownRvs(SymDist d) {
        return (int[]) rvs.get(d);
    }

    void rememberRvs(SymDist d, int[] ids) {
        if (rvs.size() >= 1 << 12) {
            rvs.clear();
        }
        rvs.put(d, ids);
    }

    /** A cleared memo table for one walk; give it back with {@link #release}. Walks may nest (each has its own). */
    IdentityMemo memo() {
        IdentityMemo m = memos.poll();
        return m == null ? new IdentityMemo() : m;
    }

    void release(IdentityMemo m) {
        m.clear();
        if (memos.size() < 8) {
            memos.push(m);
        }
    }
}
