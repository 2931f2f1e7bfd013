package dev.epic.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The external functions a program may call, by name. {@link #withDefaults()} has the built-in tools ({@code delay}, {@code search}, {@code calc}, {@code Regex.viable}, {@code Regex.matches}) and any
 * {@link ExternalFunction} found with {@link ServiceLoader} on the class path.
 */
public final class ExternalRegistry {
    private final Map<String, ExternalFunction> functions = new LinkedHashMap<>();

    public static ExternalRegistry empty() {
        return new ExternalRegistry();
    }

    public static ExternalRegistry withDefaults() {
        ExternalRegistry r = new ExternalRegistry();
        r.register(new DelayTool());
        r.register(new SearchTool());
        r.register(new CalcTool());
        r.register(RegexTool.viable());
        r.register(RegexTool.matches());
        for (ServiceLoader.Provider<ExternalFunction> p : Plugins.providers()) {
            r.register(p.get());
        }
        return r;
    }

    /**
     * The plugins' providers, found once per context class loader: looking through every jar of the class path
     * again for each registry cost more than compiling a small program. Each registry gets fresh instances.
     */
    private static final class Plugins {
        private static ClassLoader loader;
        private static List<ServiceLoader.Provider<ExternalFunction>> providers;

        static synchronized List<ServiceLoader.Provider<ExternalFunction>> providers() {
            ClassLoader current = Thread.currentThread().getContextClassLoader();
            if (providers == null || loader != current) {
                providers = ServiceLoader.load(ExternalFunction.class).stream().toList();
                loader = current;
            }
            return providers;
        }
    }

    /** Adds or replaces a function of the same name. */
    public ExternalRegistry register(ExternalFunction f) {
        if (f.arity() < 1) {
            throw new IllegalArgumentException("external function " + f.name() + " must take at least one argument");
        }
        functions.put(f.name(), f);
        return this;
    }

    public Collection<ExternalFunction> functions() {
        return List.copyOf(functions.values());
    }

    public ExternalFunction get(String name) {
        return functions.get(name);
    }

    public List<String> names() {
        return new ArrayList<>(functions.keySet());
    }
}
