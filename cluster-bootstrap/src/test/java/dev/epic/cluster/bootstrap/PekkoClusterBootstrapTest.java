package dev.epic.cluster.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import dev.epic.cli.Main;
import dev.epic.cluster.ClusterJoin;
import dev.epic.cluster.ClusterNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The module as the command line finds it: the join method it serves, its defaults, and a start that fails. */
class PekkoClusterBootstrapTest {
    private static final String DISCOVERY = "pekko.management.cluster.bootstrap.contact-point-discovery.";

    @TempDir
    Path dir;

    @Test
    void servesTheBootstrapJoinThroughTheServiceLoader() {
        assertThat(ClusterJoin.find(ClusterJoin.BOOTSTRAP)).get().isInstanceOf(PekkoClusterBootstrap.class);
    }

    @Test
    void aMembersConfigurationHasTheModulesDefaultsAboveEveryLibrarysReferenceConf() throws Exception {
        // Pekko Management's own reference.conf sets these keys too: the member's configuration must take the
        // module's values whatever the order of the class path.
        Config config = ClusterNode.config(null, null, 0, List.of(), List.of("worker"));
        assertThat(config.getBoolean("pekko.fail-mixed-versions")).isFalse();
        assertThat(config.getString("pekko.management.http.hostname")).isEqualTo("127.0.0.1");
        assertThat(config.getString(DISCOVERY + "discovery-method")).isEqualTo("kubernetes-api");
        assertThat(config.getString(DISCOVERY + "port-name")).isEqualTo("management");
        assertThat(config.getInt(DISCOVERY + "required-contact-point-nr")).isEqualTo(3);
        assertThat(config.getBoolean("pekko.discovery.kubernetes-api.use-raw-ip")).isTrue();
        // A user's file still wins over them.
        Path conf = dir.resolve("user.conf");
        Files.writeString(conf, "pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method = config\n");
        assertThat(ClusterNode.config(conf, null, 0, List.of(), List.of("worker")).getString(DISCOVERY + "discovery-method"))
                .isEqualTo("config");
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
