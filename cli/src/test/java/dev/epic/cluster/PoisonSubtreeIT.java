package dev.epic.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.epic.host.StandardFunctions;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.syntax.Source;
import dev.epic.pasta.decode.PastaRecorder;
import dev.epic.tools.ExternalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A part of a job that kills every worker node it runs on (a test hook halts the JVM) is sent again after the first
 * loss, and when its second node is lost too ({@code epic.cluster.max-node-losses = 1}) the job fails with an error
 * saying so, instead of taking down worker after worker; the submitting member goes on.
 */
@Timeout(value = 240)
class PoisonSubtreeIT {
    private static final Duration READY = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aSubtreeThatKillsItsNodesFailsTheJobAfterTheConfiguredLosses() throws Exception {
        Path nodeConfig = dir.resolve("node.conf");
        Files.writeString(nodeConfig, "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 15s\n"
                + "pekko.cluster.split-brain-resolver.stable-after = 60s\n");
        String seed = "pekko://epic@127.0.0.1:" + NodeProcess.freePort();
        List<NodeProcess> workers = new ArrayList<>();
        ActorSystem<SpawnProtocol.Command> client = null;
        try {
            for (int i = 0; i < 2; i++) {
                String port = i == 0 ? seed.substring(seed.lastIndexOf(':') + 1) : "0";
                workers.add(NodeProcess.start("worker" + i, dir, "node", "--port", port, "--seeds", seed,
                        "--config", nodeConfig.toString()));
            }
            java.util.Map<NodeProcess, String> addresses = new java.util.HashMap<>();
            for (NodeProcess w : workers) {
                Matcher m = Pattern.compile("epic node up at (\\S+)").matcher(w.awaitLine("epic node up at", READY));
                assertThat(m.find()).isTrue();
                addresses.put(w, m.group(1));
            }
            Path clientConfig = dir.resolve("client.conf");
            Files.writeString(clientConfig, Files.readString(nodeConfig) + "epic.cluster.fork = all\n"
                    + "epic.cluster.max-node-losses = 1\n");
            client = ActorSystem.create(SpawnProtocol.create(), "epic",
                    ClusterNode.config(clientConfig, "127.0.0.1", 0, List.of(seed), List.of()));
            ExternalRegistry registry = StandardFunctions.registry(() -> {
                throw new IllegalStateException("no model calls here");
            }, ConfigFactory.load(), new PastaRecorder());
            ClusterEngine engine = ClusterNode.install(client, s -> StandardLanguage.compile(s, registry));
            ClusterNode.up(client).get(READY.toSeconds(), TimeUnit.SECONDS);
            long deadline = System.nanoTime() + READY.toNanos();
            while (ClusterNode.workersUp(client) != 2) {
                assertThat(System.nanoTime()).as("both workers up").isLessThan(deadline);
                Thread.sleep(100);
            }

            var run = engine.start(StandardLanguage.compile(new Source("poison.epic",
                    "List.map (fun x -> Test.halt_process x) [\"now\"]"), registry),
                    RunOptions.defaults().withTimeout(Duration.ofSeconds(180)));
            // Each worker dies when the part reaches it; down it at once rather than wait for the resolver.
            for (int lost = 0; lost < 2; lost++) {
                NodeProcess dead = null;
                long until = System.nanoTime() + READY.toNanos();
                while (dead == null) {
                    assertThat(System.nanoTime()).as("a worker was killed by the part").isLessThan(until);
                    for (NodeProcess w : workers) {
                        if (!w.alive()) {
                            dead = w;
                        }
                    }
                    Thread.sleep(100);
                }
                org.apache.pekko.cluster.typed.Cluster.get(client).manager().tell(org.apache.pekko.cluster.typed.Down.apply(
                        org.apache.pekko.actor.AddressFromURIString.parse(addresses.get(dead))));
                workers.remove(dead);
            }
            RunResult r = run.result().toCompletableFuture().get(120, TimeUnit.SECONDS);
            assertThat(r.ok()).isFalse();
            assertThat(r.error().kind()).isEqualTo(EvalError.Kind.INTERNAL);
            assertThat(r.error().getMessage()).contains("worker nodes lost while it ran")
                    .contains("max-node-losses = 1");
        } finally {
            if (client != null) {
                client.terminate();
                client.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            for (NodeProcess w : workers) {
                w.close();
            }
        }
    }
}
