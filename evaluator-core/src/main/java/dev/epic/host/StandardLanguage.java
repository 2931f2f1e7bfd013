package dev.epic.host;

import dev.epic.lang.Language;
import dev.epic.lang.LanguageModule;
import dev.epic.lang.builtins.CoreModule;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.value.Value;
import dev.epic.prob.lang.ProbModule;
import dev.epic.tools.ExternalRegistry;
import java.util.List;
import java.util.Map;

/**
 * The language every EPIC host runs (the command line, the gateway, cluster nodes, embedding applications):
 * the core builtins and prelude, then the probabilistic layer. Built once, on first use.
 */
public final class StandardLanguage {
    private StandardLanguage() {}

    /** The standard modules, in the order they load. */
    public static List<LanguageModule> modules() {
        return List.of(CoreModule.INSTANCE, ProbModule.INSTANCE);
    }

    private static final class Holder {
        static final Language LANGUAGE = new Language(modules());
    }

    public static Language get() {
        return Holder.LANGUAGE;
    }

    /** Compiles {@code source} against the standard language and the registry's external functions. */
    public static Program compile(Source source, ExternalRegistry externals) {
        return get().compile(source, externals.functions());
    }

    /** The same, with host values bound as further globals (see {@link Language#compile(Source, java.util.Collection, Map)}). */
    public static Program compile(Source source, ExternalRegistry externals, Map<String, Value> bindings) {
        return get().compile(source, externals.functions(), bindings);
    }
}
