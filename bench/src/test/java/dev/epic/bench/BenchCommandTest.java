package dev.epic.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code epic bench}: added to the command line by this module, which the command line does not know. */
class BenchCommandTest {
    record Outcome(int code, String out, String err) {}

    private static Outcome epic(List<Object> extra, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(extra, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void unknownBenchmarksListEveryBenchmarkWithTheGateway() {
        Outcome o = epic(List.of(new BenchCommand()), "bench", "nope");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("core, batching, cases, faults, pasta, cluster, gateway, siren-throughput");
    }

    @Test
    void theBenchCommandIsListedInTheHelp() {
        assertThat(epic(List.of(new BenchCommand()), "--help").out()).contains("bench");
    }

    @Test
    void withoutThisModuleTheCommandLineHasNoBenchCommand() {
        Outcome o = epic(List.of(), "bench", "core");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.out()).doesNotContain("bench");
    }
}
