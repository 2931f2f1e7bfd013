package dev.epic.cli;

import dev.epic.cluster.ClusterMember;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the cluster commands: a clear message and a usage or program exit code, never a hang. */
class ClusterCliTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private static Result epic(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A configuration file with {@code settings}. */
    private Path config(String settings) throws java.io.IOException {
        return Files.writeString(Files.createTempFile(dir, "node", ".conf"), settings + "\n");
    }

    @Test
    void nodeRejectsAnUnknownRole() {
        Result r = epic("node", "--port", "0", "--roles", "worker,boss");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown role 'boss'");
    }

    @Test
    void nodeRejectsAPortOutOfRange() {
        Result r = epic("node", "--port", "70000");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--port");
    }

    @Test
    void nodeRejectsABadForkSetting() throws Exception {
        Result r = epic("node", "--port", "0", "--config", config("epic.cluster.fork = sometimes").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("epic.cluster.fork");
    }

    @Test
    void nodeRejectsAnUnknownJoinMethod() throws Exception {
        Result r = epic("node", "--port", "0", "--config", config("epic.cluster.join = gossip").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("epic.cluster.join must be \"seeds\" or \"bootstrap\"");
    }

    @Test
    void nodeRejectsSeedsWithTheBootstrapJoin() throws Exception {
        Result r = epic("node", "--port", "0", "--seeds", "pekko://epic@127.0.0.1:2552",
                "--config", config("epic.cluster.join = bootstrap").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--seeds").contains("epic.cluster.join = bootstrap");
    }

    @Test
    void nodeWithTheBootstrapJoinNamesTheModuleItNeedsWhenItIsMissing() throws Exception {
        // This module's class path has no ClusterJoin implementation: cluster-bootstrap sits above it.
        Result r = epic("node", "--port", "0", "--config", config("epic.cluster.join = bootstrap").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cluster-bootstrap module").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aSubmittingMemberJoinsItsSeedsWhereTheConfigurationSaysBootstrap() throws Exception {
        // A pod whose nodes bootstrap (EPIC_CLUSTER_JOIN or the file) can still run `epic run --cluster SEEDS`.
        Path conf = config("epic.cluster.join = bootstrap");
        List<String> seeds = List.of("pekko://epic@10.0.0.1:2552");
        assertThat(ClusterMember.runtime(conf, null, seeds, List.of(), null, null).config().getString("epic.cluster.join"))
                .isEqualTo("seeds");
    }

    @Test
    void runOnAClusterNobodyServesGivesUpWithAClearError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("wait.conf");
        Files.writeString(conf, "epic.cluster.worker-wait = 2s\n");
        Path program = dir.resolve("p.epic");
        Files.writeString(program, "List.map (fun i -> delay(1, i)) [1, 2]\n");
        Result r = epic("run", "--cluster", "pekko://epic@127.0.0.1:" + port, "--config", conf.toString(), program.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no worker node of the cluster was reached within 2 s");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void runsSubmittingMemberHostComesFromHostThenTheConfigurationThenLoopback() throws Exception {
        Path conf = dir.resolve("host.conf");
        Files.writeString(conf, "pekko.remote.artery.canonical.hostname = \"10.1.2.3\"\n");
        java.util.List<String> seeds = java.util.List.of("pekko://epic@10.0.0.1:2552");
        String key = "pekko.remote.artery.canonical.hostname";
        assertThat(ClusterMember.runtime(null, null, seeds, List.of(), null, null).config().getString(key)).isEqualTo("127.0.0.1");
        assertThat(ClusterMember.runtime(conf, null, seeds, List.of(), null, null).config().getString(key)).isEqualTo("10.1.2.3");
        assertThat(ClusterMember.runtime(conf, "node-7.example", seeds, List.of(), null, null).config().getString(key)).isEqualTo("node-7.example");
        assertThat(ClusterMember.runtime(conf, null, seeds, List.of(), null, null).config().getInt("pekko.remote.artery.canonical.port")).isZero();

        RunCommand parsed = new RunCommand();
        new picocli.CommandLine(parsed).parseArgs("--cluster", "pekko://epic@10.0.0.1:2552", "--host", "10.9.9.9", "p.epic");
        assertThat(parsed.host).isEqualTo("10.9.9.9");
        assertThat(parsed.cluster).containsExactly("pekko://epic@10.0.0.1:2552");
    }

    @Test
    void seedsWrittenHostColonPortBecomePekkoAddressesAndBlankOnesAreRefused() throws Exception {
        // `epic run --cluster`, `epic node --seeds` and `epic gateway --cluster` all go through this.
        assertThat(ClusterMember.runtime(null, null, List.of("10.0.0.1:2552", "pekko://epic@10.0.0.2:2552"), List.of(),
                null, null).config().getStringList("pekko.cluster.seed-nodes"))
                .containsExactly("pekko://epic@10.0.0.1:2552", "pekko://epic@10.0.0.2:2552");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterMember.seedAddresses(List.of(" ", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no seed node given");
    }
}
