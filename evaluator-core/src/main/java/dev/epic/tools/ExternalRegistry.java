package dev.epic.tools;

import dev.epic.spi.ExternalFunction;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.WeakHashMap;

/**
 * The external functions a program may call, by name. {@link #withDefaults()} has the built-in tools ({@code delay}, {@code search}, {@code calc}, {@code Regex.viable}, {@code Regex.matches}, and {@code File.read} refusing every call until a host registers one with a directory) and any
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
        r.register(FileReadTool.withoutDirectory());
        for (ServiceLoader.Provider<ExternalFunction> p : Plugins.providers()) {
            r.register(p.get());
        }
        return r;
    }

    /**
     * The plugins' providers, found once per context class loader: looking through every jar of the class path
     * again for each registry cost more than compiling a small program. Each registry gets fresh instances.
     *
     * <p>Loaders are held weakly, so a loader that is dropped is not pinned here. A provider refers to its
     * class and so to the loader that defined it, which may be the key itself: the lists are held softly, or
     * the key could never be collected. A list the collector cleared is simply looked up again.
     */
    private static final class Plugins {
        private static final Map<ClassLoader, SoftReference<List<ServiceLoader.Provider<ExternalFunction>>>> BY_LOADER =
                new WeakHashMap<>();

        static synchronized List<ServiceLoader.Provider<ExternalFunction>> providers() {
            ClassLoader current = Thread.currentThread().getContextClassLoader();
            SoftReference<List<ServiceLoader.Provider<ExternalFunction>>> known = BY_LOADER.get(current);
            List<ServiceLoader.Provider<ExternalFunction>> providers = known == null ? null : known.get();
            if (providers == null) {
                providers = ServiceLoader.load(ExternalFunction.class, current).stream().toList();
                BY_LOADER.put(current, new SoftReference<>(providers));
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
