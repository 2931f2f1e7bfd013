package dev.epic.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code epic bench NAME}: runs a benchmark and writes its table and plot under {@code docs/}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark; results go to docs/benchmarks.md and docs/bench/. Benchmarks: core, batching, cases, faults, pasta, cluster, gateway, siren-throughput.")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "core, batching, cases, faults, pasta, cluster, gateway or siren-throughput")
    String name;

    @Option(names = "--quick", description = "a smaller, faster run")
    boolean quick;

    @Option(names = "--docs", paramLabel = "DIR", defaultValue = "docs", description = "where to write results (default ${DEFAULT-VALUE})")
    Path docs;

    @Option(names = "--examples", paramLabel = "DIR", defaultValue = "examples", description = "the case-study programs (default ${DEFAULT-VALUE})")
    Path examples;

    @Option(names = "--benchmarks", paramLabel = "DIR", defaultValue = "benchmarks/siren",
            description = "the Siren benchmark programs (default ${DEFAULT-VALUE})")
    Path benchmarks;

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
                new CasesBench(quick, spec.commandLine().getOut()).run(docs, examples, cases);
                return 0;
            case "siren-throughput":
                new SirenThroughputBench(quick, spec.commandLine().getOut()).run(docs, benchmarks);
                return 0;
            case "faults":
                new FaultsBench(quick, spec.commandLine().getOut()).run(docs, examples);
                return 0;
            case "batching":
                new BatchingBench(quick, spec.commandLine().getOut()).run(docs);
                return 0;
            case "pasta":
                new PastaBench(quick, spec.commandLine().getOut()).run(docs);
                return 0;
            case "cluster":
                new ClusterBench(quick, spec.commandLine().getOut()).run(docs);
                return 0;
            case "gateway":
                new GatewayBench(quick, spec.commandLine().getOut()).run(docs);
                return 0;
            default:
                spec.commandLine().getErr().println("epic: unknown benchmark '" + name
                        + "' (known: core, batching, cases, faults, pasta, cluster, gateway, siren-throughput)");
                return 2;
        }
    }
}
