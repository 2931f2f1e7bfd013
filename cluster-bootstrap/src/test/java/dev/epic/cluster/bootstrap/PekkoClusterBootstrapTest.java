package dev.epic.cluster.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.epic.cli.Main;
import dev.epic.cluster.ClusterJoin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The module as the command line finds it: the join method it serves, its defaults, and a start that fails. */
class PekkoClusterBootstrapTest {
    @TempDir
    Path dir;

    @Test
    void servesTheBootstrapJoinThroughTheServiceLoader() {
        assertThat(ClusterJoin.find(ClusterJoin.BOOTSTRAP)).get().isInstanceOf(PekkoClusterBootstrap.class);
    }

    @Test
    void turnsOffPekkosMixedVersionCheckAndDefaultsToKubernetesDiscoveryOnLoopback() {
        var config = ConfigFactory.load();
        assertThat(config.getBoolean("pekko.fail-mixed-versions")).isFalse();
        assertThat(config.getString("pekko.management.http.hostname")).isEqualTo("127.0.0.1");
        assertThat(config.getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"))
                .isEqualTo("kubernetes-api");
    }

    @Test
    @Timeout(120)
    void aNodeWhoseManagementPortIsTakenStopsWithAnError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path conf = dir.resolve("node.conf");
            Files.writeString(conf, "epic.cluster.join = bootstrap\npekko.management.http.port = " + taken.getLocalPort() + "\n");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                    "node", "--port", "0", "--config", conf.toString());
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("could not start joining the cluster").contains("Pekko Management could not bind 127.0.0.1:" + taken.getLocalPort());
            assertThat(out.toString()).doesNotContain("epic node up");
        }
    }
}
