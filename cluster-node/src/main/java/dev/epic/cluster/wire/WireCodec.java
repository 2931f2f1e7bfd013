package dev.epic.cluster.wire;

import dev.epic.lang.eval.Builtin;
import dev.epic.lang.eval.Closure;
import dev.epic.lang.eval.CodeIndex;
import dev.epic.lang.eval.Env;
import dev.epic.lang.value.Pending;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns values into {@link WireGraph}s and back, against the {@link CodeIndex} of one compiled program (the
 * same text compiled on both sides numbers its function literals alike). Iterative, so a list of a million
 * cells does not touch the Java stack. A value that cannot cross — a cell not resolved yet, a closure of
 * unnumbered code, a function the program's globals do not hold — is refused with {@link NotPortable}.
 */
public final class WireCodec {
    /** The value cannot be sent as it is; its computation stays where it is. Stackless: it is an answer. */
    public static final class NotPortable extends Exception {
        public NotPortable(String message) {
            super(message, null, false, false);
        }
    }

    private final CodeIndex index;

    public WireCodec(CodeIndex index) {
        this.index = index;
    }

    // ---- encoding ----------------------------------------------------------------------------------------

    public WireGraph encode(Value root) throws NotPortable {
        return new Encoder().run(root);
    }

    private final class Encoder {
        private final Map<Object, Integer> ids = new IdentityHashMap<>();
        private final List<WireGraph.Node> nodes = new ArrayList<>();
        private final Deque<Object> todo = new ArrayDeque<>();

        WireGraph run(Value root) throws NotPortable {
            id(root);
            while (!todo.isEmpty()) {
                Object o = todo.pop();
                int at = ids.get(o);
                nodes.set(at, node(o));
            }
            return new WireGraph(nodes);
        }

        private int id(Object o) throws NotPortable {
            if (o instanceof Value) {
                o = Values.deref((Value) o);
                if (o instanceof Pending) {
                    throw new NotPortable("a value that is not known yet");
                }
            }
            Integer known = ids.get(o);
            if (known != null) {
                return known;
            }
            int at = nodes.size();
            ids.put(o, at);
            nodes.add(null);
            todo.push(o);
            return at;
        }

        private int envId(Env e) throws NotPortable {
            return e == null ? WireGraph.NONE : id(e);
        }

        private int[] ids(List<Value> vs) throws NotPortable {
            int[] out = new int[vs.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = id(vs.get(i));
            }
            return out;
        }

        private WireGraph.Node node(Object o) throws NotPortable {
            if (o instanceof Env) {
                Env e = (Env) o;
                return new WireGraph.Env(id(CodeIndex.value(e)), envId(CodeIndex.next(e)));
            }
            Value v = (Value) o;
            if (v instanceof Value.Fn) {
                int slot = index.globalSlot(v);
                if (slot >= 0) {
                    return new WireGraph.Global(slot, ((Value.Fn) v).name());
                }
            }
            if (v == Value.Unit.UNIT) {
                return new WireGraph.Unit();
            }
            if (v instanceof Value.Bool) {
                return new WireGraph.Bool(((Value.Bool) v).value());
            }
            if (v instanceof Value.Int) {
                return new WireGraph.Int(((Value.Int) v).value());
            }
            if (v instanceof Value.Flt) {
                return new WireGraph.Flt(((Value.Flt) v).value());
            }
            if (v instanceof Value.Str) {
                return new WireGraph.Str(((Value.Str) v).value());
            }
            if (v instanceof Value.Tuple) {
                return new WireGraph.Tuple(ids(((Value.Tuple) v).elements()));
            }
            if (v instanceof Value.Cons) {
                Value.Cons c = (Value.Cons) v;
                return new WireGraph.Cons(id(c.head()), id(c.tail()));
            }
            if (v == Value.Nil.NIL) {
                return new WireGraph.Nil();
            }
            if (v instanceof Value.Record) {
                Map<String, Value> fields = ((Value.Record) v).fields();
                return new WireGraph.Record(new ArrayList<>(fields.keySet()), ids(new ArrayList<>(fields.values())));
            }
            if (v instanceof Closure) {
                Closure c = (Closure) v;
                int code = index.codeId(c);
                if (code < 0) {
                    throw new NotPortable("a function made by code that has no number");
                }
                return new WireGraph.Closure(code, envId(CodeIndex.env(c)));
            }
            if (v instanceof Builtin.Partial) {
                Builtin.Partial p = (Builtin.Partial) v;
                return new WireGraph.Partial(id(p.builtin()), ids(Arrays.asList(p.args())));
            }
            throw new NotPortable("a " + v.kindName() + " (" + v.getClass().getSimpleName() + ") that only this node knows");
        }
    }

    // ---- decoding ----------------------------------------------------------------------------------------

    public Value decode(WireGraph graph) {
        List<WireGraph.Node> nodes = graph.nodes();
        Object[] made = new Object[nodes.size()];
        // 1. Environment cells, each after the cell it links to (chains never loop through `next`).
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) instanceof WireGraph.Env && made[i] == null) {
                Deque<Integer> chain = new ArrayDeque<>();
                int at = i;
                while (at != WireGraph.NONE && made[at] == null) {
                    chain.push(at);
                    at = ((WireGraph.Env) node(nodes, at, WireGraph.Env.class)).next();
                }
                while (!chain.isEmpty()) {
                    int c = chain.pop();
                    int next = ((WireGraph.Env) nodes.get(c)).next();
                    made[c] = CodeIndex.cell(next == WireGraph.NONE ? null : (Env) made[next]);
                }
            }
        }
        // 2. Values, children first; only environment cells close cycles, and those exist already.
        boolean[] open = new boolean[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            if (made[i] != null) {
                continue;
            }
            Deque<Integer> todo = new ArrayDeque<>();
            todo.push(i);
            while (!todo.isEmpty()) {
                int at = todo.peek();
                if (made[at] != null) {
                    todo.pop();
                    continue;
                }
                open[at] = true;
                int missing = firstMissing(nodes.get(at), made);
                if (missing >= 0) {
                    if (open[missing]) {
                        throw new IllegalArgumentException("wire value has a cycle outside environments at node " + missing);
                    }
                    todo.push(missing);
                    continue;
                }
                made[at] = build(nodes.get(at), made);
                open[at] = false;
                todo.pop();
            }
        }
        // 3. Fill the environment cells.
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) instanceof WireGraph.Env) {
                CodeIndex.fill((Env) made[i], (Value) made[((WireGraph.Env) nodes.get(i)).value()]);
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("empty wire value");
        }
        return (Value) made[0];
    }

    private static WireGraph.Node node(List<WireGraph.Node> nodes, int at, Class<?> kind) {
        if (at < 0 || at >= nodes.size() || !kind.isInstance(nodes.get(at))) {
            throw new IllegalArgumentException("wire value refers to a missing " + kind.getSimpleName() + " node " + at);
        }
        return nodes.get(at);
    }

    private static int firstMissing(WireGraph.Node n, Object[] made) {
        int[] kids;
        if (n instanceof WireGraph.Tuple) {
            kids = ((WireGraph.Tuple) n).elements();
        } else if (n instanceof WireGraph.Cons) {
            kids = new int[] {((WireGraph.Cons) n).head(), ((WireGraph.Cons) n).tail()};
        } else if (n instanceof WireGraph.Record) {
            kids = ((WireGraph.Record) n).values();
        } else if (n instanceof WireGraph.Partial) {
            WireGraph.Partial p = (WireGraph.Partial) n;
            kids = Arrays.copyOf(p.args(), p.args().length + 1);
            kids[p.args().length] = p.builtin();
        } else {
            return -1;
        }
        for (int k : kids) {
            if (k < 0 || k >= made.length) {
                throw new IllegalArgumentException("wire value refers to a missing node " + k);
            }
            if (made[k] == null) {
                return k;
            }
        }
        return -1;
    }

    private Value build(WireGraph.Node n, Object[] made) {
        if (n instanceof WireGraph.Unit) {
            return Value.Unit.UNIT;
        }
        if (n instanceof WireGraph.Bool) {
            return Value.Bool.of(((WireGraph.Bool) n).value());
        }
        if (n instanceof WireGraph.Int) {
            return Value.Int.of(((WireGraph.Int) n).value());
        }
        if (n instanceof WireGraph.Flt) {
            return new Value.Flt(((WireGraph.Flt) n).value());
        }
        if (n instanceof WireGraph.Str) {
            return new Value.Str(((WireGraph.Str) n).value());
        }
        if (n instanceof WireGraph.Nil) {
            return Value.Nil.NIL;
        }
        if (n instanceof WireGraph.Tuple) {
            return new Value.Tuple(values(((WireGraph.Tuple) n).elements(), made));
        }
        if (n instanceof WireGraph.Cons) {
            WireGraph.Cons c = (WireGraph.Cons) n;
            return new Value.Cons((Value) made[c.head()], (Value) made[c.tail()]);
        }
        if (n instanceof WireGraph.Record) {
            WireGraph.Record r = (WireGraph.Record) n;
            if (r.names().size() != r.values().length) {
                throw new IllegalArgumentException("wire record has " + r.names().size() + " names and "
                        + r.values().length + " values");
            }
            Map<String, Value> fields = new LinkedHashMap<>();
            for (int i = 0; i < r.values().length; i++) {
                fields.put(r.names().get(i), (Value) made[r.values()[i]]);
            }
            return new Value.Record(fields);
        }
        if (n instanceof WireGraph.Global) {
            WireGraph.Global g = (WireGraph.Global) n;
            Value v = index.global(g.slot());
            if (!(v instanceof Value.Fn) || !((Value.Fn) v).name().equals(g.name())) {
                throw new IllegalArgumentException("global slot " + g.slot() + " is not " + g.name()
                        + " here: the nodes compiled the program against different globals");
            }
            return v;
        }
        if (n instanceof WireGraph.Closure) {
            WireGraph.Closure c = (WireGraph.Closure) n;
            return index.closure(c.code(), c.env() == WireGraph.NONE ? null : (Env) made[c.env()]);
        }
        if (n instanceof WireGraph.Partial) {
            WireGraph.Partial p = (WireGraph.Partial) n;
            Object b = made[p.builtin()];
            if (!(b instanceof Builtin)) {
                throw new IllegalArgumentException("wire partial application of something that is not a builtin");
            }
            return new Builtin.Partial((Builtin) b, values(p.args(), made).toArray(new Value[0]));
        }
        throw new IllegalStateException("wire node " + n);
    }

    private static List<Value> values(int[] ids, Object[] made) {
        List<Value> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add((Value) made[id]);
        }
        return out;
    }
}
