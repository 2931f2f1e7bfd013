package dev.epic.gateway.testtools;

import dev.epic.lang.value.Value;
import dev.epic.spi.ExternalFunction;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Plugins that break, on the test class path only: {@code Hostile.throws} throws a {@link RuntimeException} and
 * {@code Hostile.errors} an {@link Error} from the call itself, as a buggy plugin would.
 */
public final class HostilePlugins {
    private HostilePlugins() {}

    /** {@code Hostile.throws x}: a plugin whose call throws an exception. */
    public static final class Throws implements ExternalFunction {
        @Override
        public String name() {
            return "Hostile.throws";
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public CompletionStage<Value> call(List<Value> args) {
            throw new IllegalStateException("the plugin broke");
        }
    }

    /** {@code Hostile.errors x}: a plugin whose call throws an error. */
    public static final class Errors implements ExternalFunction {
        @Override
        public String name() {
            return "Hostile.errors";
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public CompletionStage<Value> call(List<Value> args) {
            throw new AssertionError("the plugin's assertion failed");
        }
    }
}
