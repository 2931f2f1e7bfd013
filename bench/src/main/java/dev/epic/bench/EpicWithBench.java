package dev.epic.bench;

import dev.epic.cli.Main;
import java.util.List;

/**
 * The {@code epic} command with {@code epic bench} added: the entry point of the developer distribution that the
 * {@code epic} script builds. The command-line module does not know the benchmarks, so they are added here.
 */
public final class EpicWithBench {
    private EpicWithBench() {}

    public static void main(String[] args) throws InterruptedException {
        Main.main(List.of(new BenchCommand()), args);
    }
}
