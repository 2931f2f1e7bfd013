package dev.epic.lang.eval;

import dev.epic.lang.value.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stable number for every function literal of a compiled program and of the globals it was compiled against
 * (the prelude), so that a closure can be named by (number, environment) instead of by Java object. The order
 * is deterministic — the program's code depth first, then each global in slot order — so two processes that
 * compile the same text against the same globals number alike; {@link #fingerprint} lets them check.
 *
 * <p>Also the one place outside the machine that may take closures and environments apart and build them
 * again; the rest of the system treats them as opaque.
 */
public final class CodeIndex {
    private final List<Code.Lambda> lambdas = new ArrayList<>();
    private final Map<Code.Lambda, Integer> ids = new IdentityHashMap<>();
    private final Map<Value, Integer> globalSlots = new IdentityHashMap<>();
    private final Value[] globals;
    private final java.util.concurrent.ConcurrentHashMap<Code.Lambda, int[]> namedGlobals = new java.util.concurrent.ConcurrentHashMap<>();
    private int nodes;
    /** Each code node's kind and position (and a constant's text), in walk order, for the fingerprint. */
    private final List<String> shape = new ArrayList<>();
    private volatile String fingerprint;

    private CodeIndex(Code program, Value[] globals) {
        this.globals = globals;
        walk(program);
        for (int slot = 0; slot < globals.length; slot++) {
            Value g = globals[slot];
            globalSlots.putIfAbsent(g, slot);
            if (g instanceof Curried) {
                g = ((Curried) g).function();
            }
            if (g instanceof Closure) {
                walk(((Closure) g).code);
            }
        }
    }

    /** The index of a compiled program's code and the globals it was compiled against. */
    public static CodeIndex of(Code program, Value[] globals) {
        return new CodeIndex(program, globals);
    }

    /**
     * Changes whenever the numbering would, and when the code numbered differs: the counts of code nodes,
     * function literals and globals, then a SHA-256 of every code node's kind and position in walk order, each
     * function literal's name and position in number order, and each global's kind and name in slot order.
     * Two programs of equal shape but different code (another constant, a renamed external) differ.
     */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            f = nodes + "/" + lambdas.size() + "/" + globals.length + "/" + digest();
            fingerprint = f;
        }
        return f;
    }

    /** A literal's text, the same in every process (records of plain data only). */
    private static String literal(Value v) {
        if (v instanceof Value.Int || v instanceof Value.Flt || v instanceof Value.Str || v instanceof Value.Bool) {
            return v.getClass().getSimpleName() + ":" + v;
        }
        return v == null ? "null" : v.getClass().getSimpleName();
    }

    private String digest() {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        StringBuilder text = new StringBuilder();
        for (String n : shape) {
            text.append(n).append('\n');
        }
        for (Code.Lambda l : lambdas) {
            text.append("λ ").append(l.name).append(' ').append(l.span()).append('\n');
        }
        // Kinds, not Java classes: a builtin's class may be generated (a lambda's), named differently per JVM.
        // Sorted: some builtins' slots differ between JVMs (they are found by name on the wire); a closure's
        // slot order shows in the code walk above, which numbers function literals.
        List<String> named = new ArrayList<>();
        for (Value g : globals) {
            if (g == null) {
                named.add("g null");
            } else if (g instanceof Builtin) {
                named.add("g builtin " + ((Builtin) g).name());
            } else if (g instanceof Closure) {
                named.add("g closure " + ((Closure) g).name());
            } else {
                named.add("g " + g.kindName());
            }
        }
        java.util.Collections.sort(named);
        for (String n : named) {
            text.append(n).append('\n');
        }
        byte[] h = sha.digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(h, 0, 12);
    }

    /** The global slot holding exactly this value, or -1. */
    public int globalSlot(Value v) {
        Integer s = globalSlots.get(v);
        return s == null ? -1 : s;
    }

    public Value global(int slot) {
        if (slot < 0 || slot >= globals.length) {
            throw new IllegalArgumentException("no global slot " + slot);
        }
        return globals[slot];
    }

    /** The number of a closure's function literal, or -1 if it is not numbered (made by unindexed code). */
    public int codeId(Closure c) {
        Integer id = ids.get(c.code);
        return id == null ? -1 : id;
    }

    public static Env env(Closure c) {
        return c.env;
    }

    public static Value value(Env e) {
        return e.value;
    }

    public static Env next(Env e) {
        return e.next;
    }

    /** An environment cell whose value is filled in later by {@link #fill} (environments of {@code let rec} are cyclic). */
    public static Env cell(Env next) {
        return new Env(null, next);
    }

    public static void fill(Env cell, Value v) {
        cell.value = v;
    }

    public Closure closure(int codeId, Env env) {
        if (codeId < 0 || codeId >= lambdas.size()) {
            throw new IllegalArgumentException("no function literal " + codeId);
        }
        return new Closure(lambdas.get(codeId), env);
    }

    /**
     * Whether applying {@code fn} might reach an external function: through the globals its code names, the
     * values its environment holds, or a builtin's arguments. An over-approximation (false means surely pure);
     * a value too large to look through in {@code budget} steps counts as reaching one.
     */
    public boolean mayCallExternal(Value fn, int budget) {
        Deque<Value> todo = new ArrayDeque<>();
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        todo.push(fn);
        int steps = 0;
        while (!todo.isEmpty()) {
            if (++steps > budget) {
                return true;
            }
            Value v = dev.epic.lang.value.Values.deref(todo.pop());
            if (seen.put(v, Boolean.TRUE) != null) {
                continue;
            }
            if (v instanceof ExternalFn || v instanceof dev.epic.lang.value.Pending) {
                return true;
            }
            if (v instanceof Curried) {
                todo.push(((Curried) v).function());
            } else if (v instanceof Builtin.Partial) {
                todo.push(((Builtin.Partial) v).builtin());
                for (Value a : ((Builtin.Partial) v).args()) {
                    todo.push(a);
                }
            } else if (v instanceof Closure) {
                Closure c = (Closure) v;
                for (int slot : globalsNamedBy(c.code)) {
                    todo.push(globals[slot]);
                }
                for (Env e = c.env; e != null; e = e.next) {
                    if (e.value != null) {
                        todo.push(e.value);
                    }
                }
            } else if (v instanceof Value.Tuple) {
                ((Value.Tuple) v).elements().forEach(todo::push);
            } else if (v instanceof Value.Cons) {
                todo.push(((Value.Cons) v).head());
                todo.push(((Value.Cons) v).tail());
            } else if (v instanceof Value.Record) {
                ((Value.Record) v).fields().values().forEach(todo::push);
            }
        }
        return false;
    }

    private int[] globalsNamedBy(Code.Lambda l) {
        return namedGlobals.computeIfAbsent(l, k -> {
            java.util.Set<Integer> slots = new java.util.TreeSet<>();
            Deque<Code> todo = new ArrayDeque<>();
            todo.push(k.body);
            while (!todo.isEmpty()) {
                Code c = todo.pop();
                if (c == null) {
                    continue;
                }
                if (c instanceof Code.Global) {
                    slots.add(((Code.Global) c).slot);
                }
                children(c).forEach(todo::push);
            }
            return slots.stream().mapToInt(Integer::intValue).toArray();
        });
    }

    private static List<Code> children(Code c) {
        return c.accept(CHILDREN);
    }

    /** Each node's direct subexpressions, in evaluation order. */
    private static final Code.Visitor<List<Code>> CHILDREN = new Code.Visitor<>() {
        public List<Code> visitConst(Code.Const c) {
            return List.of();
        }

        public List<Code> visitLocal(Code.Local c) {
            return List.of();
        }

        public List<Code> visitGlobal(Code.Global c) {
            return List.of();
        }

        public List<Code> visitLambda(Code.Lambda c) {
            return List.of(c.body);
        }

        public List<Code> visitApp(Code.App c) {
            return List.of(c.fn, c.arg);
        }

        public List<Code> visitLet(Code.Let c) {
            return List.of(c.value, c.body);
        }

        public List<Code> visitLetRec(Code.LetRec c) {
            List<Code> kids = new ArrayList<>(List.of(c.functions));
            kids.add(c.body);
            return kids;
        }

        public List<Code> visitUnary(Code.Unary c) {
            return List.of(c.operand);
        }

        public List<Code> visitBinary(Code.Binary c) {
            return List.of(c.left, c.right);
        }

        public List<Code> visitCons(Code.Cons c) {
            return List.of(c.head, c.tail);
        }

        public List<Code> visitCollect(Code.Collect c) {
            return List.of(c.parts);
        }

        public List<Code> visitField(Code.Field c) {
            return List.of(c.record);
        }

        /** The branches are the bodies of the prelude way's thunks: walked (and numbered) once, through them. */
        public List<Code> visitIf(Code.If c) {
            return List.of(c.condition, c.viaPrelude);
        }
    };

    private void walk(Code root) {
        Deque<Code> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Code c = todo.pop();
            if (c == null) {
                continue;
            }
            nodes++;
            shape.add(c.getClass().getSimpleName() + " " + c.span()
                    + (c instanceof Code.Const ? " " + literal(((Code.Const) c).value) : ""));
            if (c instanceof Code.Lambda) {
                Code.Lambda l = (Code.Lambda) c;
                if (ids.putIfAbsent(l, lambdas.size()) == null) {
                    lambdas.add(l);
                }
            }
            List<Code> kids = children(c);
            for (int i = kids.size() - 1; i >= 0; i--) {
                todo.push(kids.get(i));
            }
        }
    }
}
