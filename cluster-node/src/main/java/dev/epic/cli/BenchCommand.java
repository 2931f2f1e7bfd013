package dev.epic.cli;

import dev.epic.bench.CoreBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code epic bench NAME}: runs a benchmark and writes its table and plot under {@code docs/}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark; results go to docs/benchmarks.md and docs/bench/. Benchmarks: core, batching, cases, pasta, cluster, and those of plugins (gateway).")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "core, batching, cases, pasta or cluster")
    String name;

    @Option(names = "--quick", description = "a smaller, faster run")
    boolean quick;

    @Option(names = "--docs", paramLabel = "DIR", defaultValue = "docs", description = "where to write results (default ${DEFAULT-VALUE})")
    Path docs;

    @Option(names = "--examples", paramLabel = "DIR", defaultValue = "examples", description = "the case-study programs (default ${DEFAULT-VALUE})")
    Path examples;

    @Option(names = "--case", paramLabel = "NAME", description = "cases only: run just this case study (repeatable); "
            + "the results are printed and docs/ is left as it is")
    java.util.List<String> cases = new java.util.ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        switch (name) {
            case "core":
                new CoreBench(quick, spec.commandLine().getOut()).run(docs);
                return 0;
            case "cases":
                new dev.epic.bench.CasesBench(quick, spec.commandLine().getOut()).run(docs, examples, cases);
                return 0;
            case "batching":
                new dev.epic.bench.BatchingBench(quick, spec.commandLine().getOut()).run(docs);
                return 0;
            case "pasta":
                new dev.epic.bench.PastaBench(quick, spec.commandLine().getOut()).run(docs);
                return 0;
            case "cluster":
                new dev.epic.bench.ClusterBench(quick, spec.commandLine().getOut()).run(docs);
                return 0;
            default:
                for (CommandPlugin plugin : CommandPlugin.all()) {
                    CommandPlugin.Benchmark b = plugin.benchmarks().get(name);
                    if (b != null) {
                        b.run(quick, spec.commandLine().getOut(), docs);
                        return 0;
                    }
                }
                java.util.List<String> known = new java.util.ArrayList<>(java.util.List.of("core", "batching", "cases", "pasta", "cluster"));
                CommandPlugin.all().forEach(p -> known.addAll(new java.util.TreeSet<>(p.benchmarks().keySet())));
                spec.commandLine().getErr().println("epic: unknown benchmark '" + name + "' (known: " + String.join(", ", known) + ")");
                return 2;
        }
    }
}
