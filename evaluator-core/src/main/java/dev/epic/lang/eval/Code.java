package dev.epic.lang.eval;

import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Value;

/**
 * Compiled, scope-resolved program nodes. Variables are addressed by environment depth or global slot. Each
 * node's {@link #exec} either produces a value ({@link Machine#ret}) or pushes the frame that will receive a
 * subexpression's value and evaluates that subexpression.
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

    static final class Const extends Code {
        final Value value;

        Const(Value value, Span span) {
            super(span);
            this.value = value;
        }

        void exec(Machine m, Env env) {
            m.ret(value);
        }
    }

    static final class Local extends Code {
        final int depth;

        Local(int depth, Span span) {
            super(span);
            this.depth = depth;
        }

        void exec(Machine m, Env env) {
            m.ret(env.at(depth));
        }
    }

    static final class Global extends Code {
        final int slot;

        Global(int slot, Span span) {
            super(span);
            this.slot = slot;
        }

        void exec(Machine m, Env env) {
            m.ret(m.globals[slot]);
        }
    }

    static final class Lambda extends Code {
        final Bind param;
        final String name;
        Code body;

        Lambda(Bind param, String name, Span span) {
            super(span);
            this.param = param;
            this.name = name;
        }

        void exec(Machine m, Env env) {
            m.ret(new Closure(this, env));
        }
    }

    static final class App extends Code {
        final Code fn;
        final Code arg;

        App(Code fn, Code arg, Span span) {
            super(span);
            this.fn = fn;
            this.arg = arg;
        }

        void exec(Machine m, Env env) {
            m.push(new Frames.Arg(this, env));
            m.eval(fn, env);
        }
    }

    static final class Let extends Code {
        final Bind pattern;
        final Code value;
        final Code body;

        Let(Bind pattern, Code value, Code body, Span span) {
            super(span);
            this.pattern = pattern;
            this.value = value;
            this.body = body;
        }

        void exec(Machine m, Env env) {
            m.push(new Frames.LetBody(this, env));
            m.eval(value, env);
        }
    }

    static final class LetRec extends Code {
        final Lambda[] functions;
        final Code body;

        LetRec(Lambda[] functions, Code body, Span span) {
            super(span);
            this.functions = functions;
            this.body = body;
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

    static final class Unary extends Code {
        final Prims.Op op;
        final Code operand;

        Unary(Prims.Op op, Code operand, Span span) {
            super(span);
            this.op = op;
            this.operand = operand;
        }

        void exec(Machine m, Env env) {
            m.push(new Frames.UnaryApply(this));
            m.eval(operand, env);
        }
    }

    static final class Binary extends Code {
        final Prims.Op op;
        final Code left;
        final Code right;

        Binary(Prims.Op op, Code left, Code right, Span span) {
            super(span);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        void exec(Machine m, Env env) {
            m.push(new Frames.BinaryLeft(this, env));
            m.eval(left, env);
        }
    }

    static final class Cons extends Code {
        final Code head;
        final Code tail;

        Cons(Code head, Code tail, Span span) {
            super(span);
            this.head = head;
            this.tail = tail;
        }

        void exec(Machine m, Env env) {
            m.push(new Frames.ConsHead(this, env));
            m.eval(head, env);
        }
    }

    /** Tuples, lists, records and interpolated strings: evaluate the parts left to right, then build. */
    static final class Collect extends Code {
        enum Shape { TUPLE, LIST, RECORD, INTERP }

        final Shape shape;
        final Code[] parts;
        final String[] names;

        Collect(Shape shape, Code[] parts, String[] names, Span span) {
            super(span);
            this.shape = shape;
            this.parts = parts;
            this.names = names;
        }

        void exec(Machine m, Env env) {
            if (parts.length == 0) {
                m.ret(Frames.Collecting.build(this, new Value[0], m));
                return;
            }
            m.push(new Frames.Collecting(this, env));
            m.eval(parts[0], env);
        }
    }

    static final class Field extends Code {
        final Code record;
        final String name;

        Field(Code record, String name, Span span) {
            super(span);
            this.record = record;
            this.name = name;
        }

        void exec(Machine m, Env env) {
            m.push(new Frames.FieldGet(this));
            m.eval(record, env);
        }
    }

    /** A construct that parses but has no meaning yet (the probabilistic layer). */
    static final class Unsupported extends Code {
        final String what;

        Unsupported(String what, Span span) {
            super(span);
            this.what = what;
        }

        void exec(Machine m, Env env) {
            throw new EvalError(EvalError.Kind.UNSUPPORTED, what + " is not supported yet", span, m.chain);
        }
    }
}
