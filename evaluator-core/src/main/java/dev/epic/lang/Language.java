package dev.epic.lang;

import dev.epic.lang.compile.Compiler;
import dev.epic.lang.compile.Globals;
import dev.epic.lang.compile.PreludeLoader;
import dev.epic.lang.compile.Program;
import dev.epic.lang.eval.ExternalFn;
import dev.epic.lang.syntax.CompileException;
import dev.epic.lang.syntax.Diagnostic;
import dev.epic.lang.syntax.Parser;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.syntax.Term;
import dev.epic.lang.value.Value;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A language: the globals its {@link LanguageModule}s define, loaded in order when it is built, and
 * {@link #compile}, which parses and checks a program against them and the host's external functions.
 * Immutable once built; share one instance (building it evaluates every module's prelude).
 */
public final class Language {
    /** Programs larger than this are refused before parsing. */
    public static final int MAX_PROGRAM_CHARS = 10 * 1024 * 1024;

    private final List<LanguageModule> modules;
    private final Globals globals;
    private final java.util.Set<String> effects;

    public Language(List<LanguageModule> modules) {
        this.modules = List.copyOf(modules);
        java.util.Set<String> fx = new java.util.TreeSet<>();
        for (LanguageModule m : this.modules) {
            fx.addAll(m.effects());
        }
        this.effects = java.util.Collections.unmodifiableSet(fx);
        Globals g = new Globals();
        for (LanguageModule m : this.modules) {
            m.defineNatives(g);
            String prelude = m.prelude();
            if (prelude != null) {
                PreludeLoader.load(new Source(Span.preludeFile(m.name()), prelude), g, effects);
            }
        }
        this.globals = g;
    }

    /** The globals whose application is an effect, of every module (see {@link LanguageModule#effects}). */
    public java.util.Set<String> effects() {
        return effects;
    }

    public static Language of(LanguageModule... modules) {
        return new Language(List.of(modules));
    }

    public List<LanguageModule> modules() {
        return modules;
    }

    /** The builtin and prelude globals (a copy: callers may add to it). */
    public Globals globals() {
        return globals.copy();
    }

    /**
     * Parses, checks and compiles {@code source} with the host's external functions bound as globals. Throws
     * {@link CompileException} with every error found.
     */
    public Program compile(Source source, Collection<? extends ExternalFn.Signature> externals) {
        return compile(source, externals, Map.of());
    }

    /**
     * The same, with host values bound as further globals (a gateway binds a job's {@code args} this way); a
     * binding hides a builtin or external function of the same name, and an external function a builtin.
     */
    public Program compile(Source source, Collection<? extends ExternalFn.Signature> externals, Map<String, Value> bindings) {
        if (source.text().length() > MAX_PROGRAM_CHARS) {
            throw new CompileException(List.of(new Diagnostic(source.span(0), "program is " + source.text().length()
                    + " characters long; the limit is " + MAX_PROGRAM_CHARS)));
        }
        Globals g = globals.copy();
        for (ExternalFn.Signature f : externals) {
            g.define(f.name(), new ExternalFn(f));
        }
        bindings.forEach(g::define);
        return CompilerThreads.onCompilerStack(() -> {
            Term t = Parser.parse(source);
            return Compiler.compile(source.name(), t, g, effects).withSource(source);
        });
    }
}
