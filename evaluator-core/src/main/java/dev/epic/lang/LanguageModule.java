package dev.epic.lang;

import dev.epic.lang.compile.Globals;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A set of builtins a {@link Language} is built from: Java builtins ("natives") and, optionally, a prelude
 * fragment written in EPIC. A language loads its modules in order; for each, it binds the natives and then
 * evaluates the prelude's {@code val NAME = … in} declarations, which may use everything bound before them.
 * A later module's definition of a name replaces an earlier one's.
 *
 * <p>The language's own builtins are one module ({@link dev.epic.lang.builtins.CoreModule}); layers above the
 * language (the probabilistic layer, for one) are others, and register themselves the same way.
 */
public interface LanguageModule {
    /** A short name, used for the module's prelude in positions: {@code core}, {@code prob}. */
    String name();

    /**
     * Binds the module's Java builtins: {@link dev.epic.lang.eval.Builtin}s, or any value. Called once per
     * language, after every earlier module has been loaded.
     */
    void defineNatives(Globals globals);

    /**
     * The globals whose application is an effect (the probabilistic layer's {@code observe} and {@code resample}): an
     * expression that may apply one is not pure, which the compiler takes into account for {@code if}.
     */
    default java.util.Set<String> effects() {
        return java.util.Set.of();
    }

    /** The module's prelude fragment in EPIC ({@code val NAME = … in} declarations), or null if it has none. */
    default String prelude() {
        return null;
    }

    /** Reads a prelude fragment kept on the class path next to {@code owner}. */
    static String resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(owner.getName() + ": no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
