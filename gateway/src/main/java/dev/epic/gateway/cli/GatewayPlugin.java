package dev.epic.gateway.cli;

import dev.epic.cli.CommandPlugin;
import dev.epic.gateway.bench.GatewayBench;
import java.util.List;
import java.util.Map;

/** Adds {@code epic gateway} and {@code epic bench gateway} to the command line. */
public final class GatewayPlugin implements CommandPlugin {
    @Override
    public List<Object> subcommands() {
        return List.of(new GatewayCommand());
    }

    @Override
    public Map<String, Benchmark> benchmarks() {
        return Map.of("gateway", (quick, out, docs) -> new GatewayBench(quick, out).run(docs));
    }
}
