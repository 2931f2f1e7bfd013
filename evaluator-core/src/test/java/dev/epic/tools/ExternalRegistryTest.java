package dev.epic.tools;

import dev.epic.spi.ExternalFunction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.lang.value.Value;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalRegistryTest {
    /** A plugin, found through a service file that only the test's own class loader has. */
    public static final class Echo implements ExternalFunction {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public CompletionStage<Value> call(List<Value> args) {
            return CompletableFuture.completedFuture(args.get(0));
        }
    }

    @Test
    void pluginsAreFoundPerContextClassLoaderWithFreshInstancesForEachRegistry(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(ExternalFunction.class.getName()), Echo.class.getName() + "\n");
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try (URLClassLoader withPlugin = new URLClassLoader(new URL[] {dir.toUri().toURL()}, original)) {
            thread.setContextClassLoader(withPlugin);
            ExternalRegistry first = ExternalRegistry.withDefaults();
            thread.setContextClassLoader(original);
            ExternalRegistry without = ExternalRegistry.withDefaults();
            thread.setContextClassLoader(withPlugin);
            ExternalRegistry again = ExternalRegistry.withDefaults();

            assertThat(first.get("echo")).isInstanceOf(Echo.class);
            assertThat(without.get("echo")).isNull();
            assertThat(again.get("echo")).isInstanceOf(Echo.class).isNotSameAs(first.get("echo"));
        } finally {
            thread.setContextClassLoader(original);
        }
    }
}
