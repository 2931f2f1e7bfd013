package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Pending;
import dev.epic.lang.value.Value;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Estimates, in bytes, what a machine holds: everything reachable from its stack, environment and current
 * value — values, environments, frames and what they refer to — each object counted once however often it is
 * shared. Sizes are those of a 64-bit JVM with compressed references, rounded up; strings count two bytes a
 * character. The walk is iterative (no recursion on the Java stack) and stops as soon as it passes {@code cap}.
 *
 * <p>Frames are walked through their fields (found by reflection once per class): a new kind of frame, in this
 * package or a module's, is measured without being listed here. The frames a deep stack is made of say what they
 * refer to themselves ({@link Frame#meterRefs}), which is much cheaper. Code, source positions, call chains and
 * builtins are shared by every job of a program, or bounded, and not counted.
 *
 * <p>Environments and closures, the bulk of what a deep or long-running program holds besides lists, are not
 * looked up in the identity set: each walk has its own number, and a link or closure it counts is marked with it
 * ({@link Env#metered}) — a field write instead of a hash and a probe in a table that would grow to millions of
 * entries. Two walks at once over the same links (machines of one job on two threads) may overwrite each other's
 * marks and count a link twice, never not at all: a walk skips only what carries its own number.
 */
final class MemoryMeter {
    private MemoryMeter() {}

    /** What {@code m} holds, in bytes; at most a little over {@code cap} (the walk stops there). */
    static long measure(Machine m, long cap) {
        Walk w = new Walk(cap);
        w.total += 16 + 4L * m.stackCapacity();
        // A frame belongs to one machine and stands once on its stack: walked without the set's lookups, one at a
        // time (with what it alone reaches), so that a deep stack is not copied into the work list first.
        for (int i = 0; i < m.stackDepth() && w.total <= cap; i++) {
            Frame f = m.frameAt(i);
            if (f != null) {
                w.visit(f);
                w.run();
            }
        }
        w.push(m.currentEnv());
        w.push(m.currentValue());
        return w.run();
    }

    /** Numbers the walks; 0 is never used, so that a link no walk has counted carries no walk's number. */
    private static final AtomicInteger WALKS = new AtomicInteger();

    private static int nextWalk() {
        int n;
        do {
            n = WALKS.incrementAndGet();
        } while (n == 0);
        return n;
    }

    private static final class Walk {
        final long cap;
        final ArrayDeque<Object> work = new ArrayDeque<>();
        final IdentitySet seen = new IdentitySet();
        final int number = nextWalk();
        final java.util.function.Consumer<Object> pusher = this::push;
        long total;

        Walk(long cap) {
            this.cap = cap;
        }

        void push(Object o) {
            if (o instanceof Value.Int || o instanceof Value.Flt) {
                // Small leaves are counted where they are met, shared or not: cheaper than looking them up.
                total += 16;
            } else if (o instanceof Env) {
                Env e = (Env) o;
                if (e.metered != number) {
                    e.metered = number;
                    work.push(e);
                }
            } else if (o instanceof Closure) {
                Closure c = (Closure) o;
                if (c.metered != number) {
                    c.metered = number;
                    work.push(c);
                }
            } else if (o != null && !skipped(o) && seen.add(o)) {
                work.push(o);
            }
        }

        long run() {
            while (!work.isEmpty() && total <= cap) {
                visit(work.pop());
            }
            return total;
        }

        void visit(Object o) {
            int refs;
            if (o instanceof Value.Cons) {
                // Along the tail without growing the work list: a long list is one chain. Only every 64th cell is
                // looked up in the set (a set lookup costs far more than a cell), so a tail shared with a list
                // counted already is found within 64 cells and counted that much twice at most.
                Object cell = o;
                int k = 0;
                while (cell instanceof Value.Cons && total <= cap) {
                    Value.Cons c = (Value.Cons) cell;
                    total += 24;
                    push(c.head());
                    Value tail = c.tail();
                    if (!(tail instanceof Value.Cons)) {
                        push(tail);
                        break;
                    }
                    if ((++k & 63) == 0 && !seen.add(tail)) {
                        break;
                    }
                    cell = tail;
                }
            } else if (o instanceof Value.Str) {
                total += 40 + 2L * ((Value.Str) o).value().length();
            } else if (o instanceof Value.Tuple) {
                List<Value> es = ((Value.Tuple) o).elements();
                total += 48 + 8L * es.size();
                es.forEach(this::push);
            } else if (o instanceof Value.Record) {
                Map<String, Value> fs = ((Value.Record) o).fields();
                total += 80 + 56L * fs.size();
                fs.values().forEach(this::push);
            } else if (o instanceof Env) {
                // Along the chain without growing the work list, to the first link counted already.
                Env e = (Env) o;
                while (e != null && total <= cap) {
                    total += 24;
                    push(e.value);
                    Env next = e.next;
                    if (next == null || next.metered == number) {
                        break;
                    }
                    next.metered = number;
                    e = next;
                }
            } else if (o instanceof Closure) {
                total += 24;
                push(((Closure) o).env);
            } else if (o instanceof Builtin.Partial) {
                Value[] args = ((Builtin.Partial) o).args();
                total += 40 + 4L * args.length;
                for (Value a : args) {
                    push(a);
                }
            } else if (o instanceof Pending) {
                Pending p = (Pending) o;
                total += 40;
                if (p.isResolved()) {
                    push(p.value());
                }
            } else if (o instanceof Object[]) {
                Object[] a = (Object[]) o;
                total += 16 + 4L * a.length;
                for (Object x : a) {
                    push(x);
                }
            } else if (o instanceof Collection) {
                Collection<?> c = (Collection<?>) o;
                total += 32 + 8L * c.size();
                c.forEach(this::push);
            } else if (o instanceof Map) {
                Map<?, ?> mp = (Map<?, ?>) o;
                total += 48 + 40L * mp.size();
                mp.forEach((k, v) -> {
                    push(k);
                    push(v);
                });
            } else if (o instanceof String) {
                total += 40 + 2L * ((String) o).length();
            } else if (o instanceof Frame && (refs = ((Frame) o).meterRefs(pusher)) >= 0) {
                total += 16 + 4L * refs;
            } else {
                // A frame, a parked computation, a module's value: through its fields.
                Field[] fields = FIELDS.get(o.getClass());
                total += 16 + 4L * fields.length;
                for (Field f : fields) {
                    try {
                        push(f.get(o));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    /** Shared by every run of a program, bounded, or nothing to count. */
    private static boolean skipped(Object o) {
        return o instanceof Code || o instanceof Span || o instanceof CallChain || o instanceof Builtin
                || o instanceof SharedByRuns || o instanceof Class || o instanceof Value.Bool || o instanceof Value.Unit
                || o instanceof Value.Nil || o instanceof Number || o instanceof Enum || o instanceof Bind
                || o instanceof MachineHost || o instanceof Machine || o instanceof MemoryBudget || o instanceof Thread;
    }

    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                if (!c.getName().startsWith("dev.epic.")) {
                    // The JDK's own classes are not walked into (they are counted by their shallow size).
                    continue;
                }
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                        continue;
                    }
                    f.setAccessible(true);
                    out.add(f);
                }
            }
            return out.toArray(new Field[0]);
        }
    };

    /** A set of objects by identity: open addressing on identity hash codes, growing by doubling. */
    static final class IdentitySet {
        private Object[] table = new Object[64];
        private int size;

        boolean add(Object o) {
            if (size * 2 >= table.length) {
                grow();
            }
            int mask = table.length - 1;
            int i = mix(System.identityHashCode(o)) & mask;
            while (table[i] != null) {
                if (table[i] == o) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            table[i] = o;
            size++;
            return true;
        }

        IdentitySet copy() {
            IdentitySet c = new IdentitySet();
            c.table = table.clone();
            c.size = size;
            return c;
        }

        private void grow() {
            Object[] old = table;
            table = new Object[old.length * 2];
            int mask = table.length - 1;
            for (Object o : old) {
                if (o != null) {
                    int i = mix(System.identityHashCode(o)) & mask;
                    while (table[i] != null) {
                        i = (i + 1) & mask;
                    }
                    table[i] = o;
                }
            }
        }

        private static int mix(int h) {
            return h ^ (h >>> 16) * 0x45d9f3b;
        }
    }
}
