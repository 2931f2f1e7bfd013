package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Pending;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * The continuation frames of the {@link Machine} for control: the bottom of a stack, forcing a value all the
 * way down, applications, lets and builtins. The frames of operators and data are {@link DataFrames}.
 */
final class Frames {
    private Frames() {}

    /** Bottom of a program's stack: the machine is done. */
    static final class Halt extends Frame {
        public void resume(Machine m, Value v) {
            m.halt(v);
        }

        public boolean acceptsPending() {
            return false;
        }
    }

    /** Bottom of a parked computation's stack: fills the cell that stood for it. */
    static final class Resolve extends Frame {
        final Pending cell;

        Resolve(Pending cell) {
            this.cell = cell;
        }

        public void resume(Machine m, Value v) {
            m.halt(v);
            cell.resolve(v);
        }

        public boolean acceptsPending() {
            return false;
        }
    }

    /**
     * Waits until every cell reachable from the value is resolved, then returns the value with the cells
     * replaced. Keeps its work list across waits so each part is examined once.
     */
    static final class DeepForce extends Frame {
        private Value root;
        private List<Value> work;
        /** Parts already looked at: a value may share its parts (the same tuple three times over, sixty deep). */
        private MemoryMeter.IdentitySet seen;

        public void resume(Machine m, Value v) {
            if (work == null) {
                Value d = Values.deref(v);
                if (!(d instanceof Value.Tuple || d instanceof Value.Record || d instanceof Value.Cons
                        || d instanceof Pending)) {
                    // A number or a string (every operand of an arithmetic comparison): nothing to wait for
                    // inside, and no work list or set to make for it.
                    m.ret(d);
                    return;
                }
                root = v;
                work = new ArrayList<>();
                work.add(v);
                seen = new MemoryMeter.IdentitySet();
            }
            while (!work.isEmpty()) {
                int last = work.size() - 1;
                Value x = Values.deref(work.get(last));
                if (x instanceof Pending) {
                    m.await((Pending) x, this);
                    return;
                }
                work.remove(last);
                if (x instanceof Value.Tuple) {
                    if (seen.add(x)) {
                        work.addAll(((Value.Tuple) x).elements());
                    }
                } else if (x instanceof Value.Record) {
                    if (seen.add(x)) {
                        work.addAll(((Value.Record) x).fields().values());
                    }
                } else if (x instanceof Value.Cons) {
                    if (seen.add(x)) {
                        work.add(((Value.Cons) x).tail());
                        work.add(((Value.Cons) x).head());
                    }
                }
            }
            seen = null;
            m.ret(Values.strip(root));
        }

        @Override
        public Frame copy() {
            DeepForce c = new DeepForce();
            c.root = root;
            if (work != null) {
                c.work = new ArrayList<>(work);
                c.seen = seen == null ? null : seen.copy();
            }
            c.chain = chain;
            return c;
        }

        public boolean acceptsPending() {
            return false;
        }
    }

    /** Function of an application evaluated; evaluate the argument. */
    static final class Arg extends Frame {
        final Code.App app;
        final Env env;

        Arg(Code.App app, Env env) {
            this.app = app;
            this.env = env;
        }

        public void resume(Machine m, Value fn) {
            m.push(new Apply(fn, app.span));
            m.eval(app.arg, env);
        }

        @Override
        int meterRefs(java.util.function.Consumer<Object> out) {
            out.accept(env);
            return 3;
        }
    }

    /** Argument evaluated; apply. */
    static final class Apply extends Frame {
        final Value fn;
        final Span site;

        Apply(Value fn, Span site) {
            this.fn = fn;
            this.site = site;
        }

        public void resume(Machine m, Value arg) {
            m.apply(fn, arg, site);
        }

        @Override
        int meterRefs(java.util.function.Consumer<Object> out) {
            out.accept(fn);
            return 3;
        }
    }

    /** An application that waited for its function or for a pattern's value; try again. */
    static final class ApplyRetry extends Frame {
        final Value fn;
        final Value arg;
        final Span site;

        ApplyRetry(Value fn, Value arg, Span site) {
            this.fn = fn;
            this.arg = arg;
            this.site = site;
        }

        public void resume(Machine m, Value ignored) {
            m.apply(fn, arg, site);
        }

        public boolean acceptsPending() {
            return false;
        }
    }

    /** The condition of an {@link Code.If} evaluated: bind it, then its branch, or the prelude's way. */
    static final class Choose extends Frame {
        final Code.If code;
        final Env env;

        Choose(Code.If code, Env env) {
            this.code = code;
            this.env = env;
        }

        @Override
        int meterRefs(java.util.function.Consumer<Object> out) {
            out.accept(env);
            return 3;
        }

        public void resume(Machine m, Value v) {
            Value d = Values.deref(v);
            Env bound = new Env(d, env);
            m.countReduction();
            if (d instanceof Value.Bool) {
                m.eval(((Value.Bool) d).value() ? code.then : code.otherwise, bound);
            } else {
                m.eval(code.viaPrelude, bound);
            }
        }
    }

    /** The bound value of a let is known (perhaps pending); bind it and go on with the body. */
    static final class LetBody extends Frame {
        final Code.Let let;
        final Env env;

        LetBody(Code.Let let, Env env) {
            this.let = let;
            this.env = env;
        }

        @Override
        int meterRefs(java.util.function.Consumer<Object> out) {
            out.accept(env);
            return 3;
        }

        public void resume(Machine m, Value v) {
            Env bound = let.pattern.bind(m, v, env, let.pattern.ready(v) ? null : new LetRetry(let, env, v));
            if (bound != Bind.AWAITING) {
                m.countReduction();
                m.eval(let.body, bound);
            }
        }
    }

    static final class LetRetry extends Frame {
        final Code.Let let;
        final Env env;
        final Value v;

        LetRetry(Code.Let let, Env env, Value v) {
            this.let = let;
            this.env = env;
            this.v = v;
        }

        public void resume(Machine m, Value ignored) {
            new LetBody(let, env).resume(m, v);
        }

        public boolean acceptsPending() {
            return false;
        }
    }

    static final class InvokeRetry extends Frame {
        final Builtin builtin;
        final Value[] args;
        final Span site;

        InvokeRetry(Builtin builtin, Value[] args, Span site) {
            this.builtin = builtin;
            this.args = args;
            this.site = site;
        }

        public void resume(Machine m, Value ignored) {
            builtin.invokeFull(m, args, site);
        }

        public boolean acceptsPending() {
            return false;
        }
    }

    static final class InvokeDeep extends Frame {
        final Builtin builtin;
        final Span site;

        InvokeDeep(Builtin builtin, Span site) {
            this.builtin = builtin;
            this.site = site;
        }

        public void resume(Machine m, Value args) {
            builtin.invokeResolved(m, ((Value.Tuple) args).elements().toArray(new Value[0]), site);
        }

        public boolean acceptsPending() {
            return false;
        }
    }
}
