package dev.epic.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Commands and benchmarks contributed by a module that the command line cannot depend on (the gateway sits
 * above this module). Implementations are found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.epic.cli.CommandPlugin}; {@link Main} adds their subcommands and
 * {@code epic bench} runs their benchmarks by name.
 */
public interface CommandPlugin {
    /** picocli command objects (annotated with {@code @Command}), added as subcommands of {@code epic}. */
    List<Object> subcommands();

    /** Benchmarks by the name {@code epic bench NAME} takes. */
    default Map<String, Benchmark> benchmarks() {
        return Map.of();
    }

    /** One benchmark: writes its section of {@code docs/benchmarks.md} and its files under {@code docs/bench/}. */
    @FunctionalInterface
    interface Benchmark {
        void run(boolean quick, PrintWriter out, Path docs) throws Exception;
    }

    /** Every plugin on the class path. */
    static List<CommandPlugin> all() {
        List<CommandPlugin> out = new java.util.ArrayList<>();
        java.util.ServiceLoader.load(CommandPlugin.class).forEach(out::add);
        return out;
    }
}
