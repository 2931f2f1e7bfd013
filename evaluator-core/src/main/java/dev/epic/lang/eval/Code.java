package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;

/**
 * Compiled, scope-resolved program nodes. Variables are addressed by environment depth or global slot. Each
 * node's {@link #exec} either produces a value ({@link Machine#ret}) or pushes the frame that will receive a
 * subexpression's value and evaluates that subexpression. Passes over compiled code use a {@link Visitor}, so
 * a node kind added later must be handled by every pass.
 */
public abstract class Code {
    final Span span;

    Code(Span span) {
        this.span = span;
    }

    public Span span() {
        return span;
    }

    abstract void exec(Machine m, Env env);

    /** Dispatches to the visitor's method for this node's kind. */
    public abstract <R> R accept(Visitor<R> v);

    /** One method per node kind. */
    public interface Visitor<R> {
        R visitConst(Const c);
        R visitLocal(Local c);
        R visitGlobal(Global c);
        R visitLambda(Lambda c);
        R visitApp(App c);
        R visitLet(Let c);
        R visitLetRec(LetRec c);
        R visitUnary(Unary c);
        R visitBinary(Binary c);
        R visitCons(Cons c);
        R visitCollect(Collect c);
        R visitField(Field c);
        R visitIf(If c);
    }

    public static final class Const extends Code {
        final Value value;

        public Const(Value value, Span span) {
            super(span);
            this.value = value;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitConst(this);
        }

        void exec(Machine m, Env env) {
            m.ret(value);
        }
    }

    public static final class Local extends Code {
        final int depth;

        public Local(int depth, Span span) {
            super(span);
            this.depth = depth;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitLocal(this);
        }

        void exec(Machine m, Env env) {
            m.ret(env.at(depth));
        }
    }

    public static final class Global extends Code {
        final int slot;

        public Global(int slot, Span span) {
            super(span);
            this.slot = slot;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitGlobal(this);
        }

        void exec(Machine m, Env env) {
            m.ret(m.globals[slot]);
        }
    }

    public static final class Lambda extends Code {
        final Bind param;
        final String name;
        final Code body;

        public Lambda(Bind param, String name, Code body, Span span) {
            super(span);
            this.param = param;
            this.name = name;
            this.body = body;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitLambda(this);
        }



        void exec(Machine m, Env env) {
            m.charge(48);
            m.ret(new Closure(this, env));
        }
    }

    public static final class App extends Code {
        final Code fn;
        final Code arg;

        public App(Code fn, Code arg, Span span) {
            super(span);
            this.fn = fn;
            this.arg = arg;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitApp(this);
        }


        void exec(Machine m, Env env) {
            m.push(new Frames.Arg(this, env));
            m.eval(fn, env);
        }
    }

    public static final class Let extends Code {
        final Bind pattern;
        final Code value;
        final Code body;

        public Let(Bind pattern, Code value, Code body, Span span) {
            super(span);
            this.pattern = pattern;
            this.value = value;
            this.body = body;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitLet(this);
        }



        void exec(Machine m, Env env) {
            m.push(new Frames.LetBody(this, env));
            m.eval(value, env);
        }
    }

    public static final class LetRec extends Code {
        final Lambda[] functions;
        final Code body;

        public LetRec(Lambda[] functions, Code body, Span span) {
            super(span);
            this.functions = functions;
            this.body = body;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitLetRec(this);
        }


        void exec(Machine m, Env env) {
            Env inner = env;
            Env[] cells = new Env[functions.length];
            for (int i = 0; i < functions.length; i++) {
                inner = new Env(null, inner);
                cells[i] = inner;
            }
            for (int i = 0; i < functions.length; i++) {
                cells[i].value = new Closure(functions[i], inner);
            }
            m.countReduction();
            m.eval(body, inner);
        }
    }

    public static final class Unary extends Code {
        final Prims.Op op;
        final Code operand;

        public Unary(Prims.Op op, Code operand, Span span) {
            super(span);
            this.op = op;
            this.operand = operand;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitUnary(this);
        }


        void exec(Machine m, Env env) {
            m.push(new DataFrames.UnaryApply(this));
            m.eval(operand, env);
        }
    }

    public static final class Binary extends Code {
        final Prims.Op op;
        final Code left;
        final Code right;

        public Binary(Prims.Op op, Code left, Code right, Span span) {
            super(span);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitBinary(this);
        }



        void exec(Machine m, Env env) {
            m.push(new DataFrames.BinaryLeft(this, env));
            m.eval(left, env);
        }
    }

    public static final class Cons extends Code {
        final Code head;
        final Code tail;

        public Cons(Code head, Code tail, Span span) {
            super(span);
            this.head = head;
            this.tail = tail;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitCons(this);
        }


        void exec(Machine m, Env env) {
            m.push(new DataFrames.ConsHead(this, env));
            m.eval(head, env);
        }
    }

    /** Tuples, lists, records and interpolated strings: evaluate the parts left to right, then build. */
    public static final class Collect extends Code {
        public enum Shape { TUPLE, LIST, RECORD, INTERP }

        final Shape shape;
        final Code[] parts;
        final String[] names;

        public Collect(Shape shape, Code[] parts, String[] names, Span span) {
            super(span);
            this.shape = shape;
            this.parts = parts;
            this.names = names;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitCollect(this);
        }



        void exec(Machine m, Env env) {
            if (parts.length == 0) {
                m.ret(DataFrames.Collecting.build(this, new Value[0], m));
                return;
            }
            m.push(new DataFrames.Collecting(this, env));
            m.eval(parts[0], env);
        }
    }

    public static final class Field extends Code {
        final Code record;
        final String name;

        public Field(Code record, String name, Span span) {
            super(span);
            this.record = record;
            this.name = name;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitField(this);
        }


        void exec(Machine m, Env env) {
            m.push(new DataFrames.FieldGet(this));
            m.eval(record, env);
        }
    }

    /**
     * {@code if c then a else b}, which means {@code Bool.ite c (fun () -> a) (fun () -> b)} (or {@code Bool.ite_pure})
     * through the prelude's Church booleans. The value of {@code c} is bound (one environment slot) and {@code a},
     * {@code b} and {@link #viaPrelude} are compiled under that binding: when the value is a host boolean the branch
     * it picks runs at once — the result the prelude gives, in one reduction instead of a dozen — and any other value
     * (one still pending, or a value the host decides, such as a random one) takes the prelude's way,
     * {@code viaPrelude}, which is {@code Bool.ite} applied to the bound value and the two branches as thunks.
     */
    public static final class If extends Code {
        final Code condition;
        final Code then;
        final Code otherwise;
        final Code viaPrelude;

        public If(Code condition, Code then, Code otherwise, Code viaPrelude, Span span) {
            super(span);
            this.condition = condition;
            this.then = then;
            this.otherwise = otherwise;
            this.viaPrelude = viaPrelude;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitIf(this);
        }

        void exec(Machine m, Env env) {
            m.push(new Frames.Choose(this, env));
            m.eval(condition, env);
        }
    }
}
