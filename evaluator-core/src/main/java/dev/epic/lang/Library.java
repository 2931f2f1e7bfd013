package dev.epic.lang;

import dev.epic.lang.builtins.Natives;
import dev.epic.lang.eval.Compiler;
import dev.epic.lang.eval.ExternalFn;
import dev.epic.lang.eval.Globals;
import dev.epic.lang.eval.PreludeLoader;
import dev.epic.lang.eval.Program;
import dev.epic.lang.syntax.Parser;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.syntax.Term;
import dev.epic.spi.ExternalFunction;
import dev.epic.spi.ExternalRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The entry point of the language: the standard globals (Java builtins and the prelude, built once) and
 * {@link #compile}, which parses and checks a program against them and the external functions of a registry.
 */
public final class Library {
    /** Programs larger than this are refused before parsing. */
    public static final int MAX_PROGRAM_CHARS = 10 * 1024 * 1024;

    /** Parsing and compiling recurse over the tree; they run on a thread with room for the deepest allowed nesting. */
    private static final long COMPILER_STACK_BYTES = 1L << 30;

    private Library() {}

    private static final class Base {
        static final Globals GLOBALS = build();

        private static Globals build() {
            Globals g = new Globals();
            Natives.install(g);
            PreludeLoader.load(new Source("prelude.epic", prelude()), g);
            return g;
        }
    }

    public static String prelude() {
        try (InputStream in = Library.class.getResourceAsStream("prelude.epic")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The builtin and prelude globals (a copy: callers may add to it). */
    public static Globals standardGlobals() {
        return Base.GLOBALS.copy();
    }

    /**
     * Parses, checks and compiles {@code source}. Throws {@link dev.epic.lang.syntax.CompileException} with
     * every error found.
     */
    public static Program compile(Source source, ExternalRegistry externals) {
        return compile(source, externals, java.util.Map.of());
    }

    /**
     * The same, with host values bound as further globals (a gateway binds a job's {@code args} this way); a
     * binding hides a builtin or external function of the same name.
     */
    public static Program compile(Source source, ExternalRegistry externals, java.util.Map<String, dev.epic.lang.value.Value> bindings) {
        if (source.text().length() > MAX_PROGRAM_CHARS) {
            throw new dev.epic.lang.syntax.CompileException(java.util.List.of(new dev.epic.lang.syntax.Diagnostic(
                    source.span(0), "program is " + source.text().length() + " characters long; the limit is "
                            + MAX_PROGRAM_CHARS)));
        }
        Globals g = standardGlobals();
        for (ExternalFunction f : externals.functions()) {
            g.define(f.name(), new ExternalFn(f));
        }
        bindings.forEach(g::define);
        return onCompilerStack(() -> {
            Term t = Parser.parse(source);
            return Compiler.compile(source.name(), t, g).withSource(source);
        });
    }

    interface Job<T> {
        T run();
    }

    /**
     * Threads with room for the deepest allowed nesting, kept for a while after use: starting such a thread
     * for every compile cost more than compiling a small program. Up to two threads per core and two more, a
     * compile gets a thread as it is submitted (the executor starts one while it has fewer than that); past
     * that, compiles queue for the next thread to come free. Idle threads end after 30 s.
     */
    private static final class CompilerThreads {
        static final ThreadLocal<Boolean> MINE = ThreadLocal.withInitial(() -> false);
        static final ThreadPoolExecutor POOL = pool();

        private static ThreadPoolExecutor pool() {
            int threads = 2 * Math.max(1, Runtime.getRuntime().availableProcessors()) + 2;
            ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(null, () -> {
                            MINE.set(true);
                            r.run();
                        }, "epic-compiler", COMPILER_STACK_BYTES);
                        t.setDaemon(true);
                        return t;
                    });
            p.allowCoreThreadTimeOut(true);
            return p;
        }
    }

    static <T> T onCompilerStack(Job<T> job) {
        if (CompilerThreads.MINE.get()) {
            return job.run();
        }
        Future<T> out = CompilerThreads.POOL.submit(job::run);
        try {
            // No deadline: a compile is one pass over bounded text (nesting is capped), and its caller has no
            // better answer than its result; it no longer queues behind other compiles.
            return out.get();
        } catch (InterruptedException e) {
            out.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
