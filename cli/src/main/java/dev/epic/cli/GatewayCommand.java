package dev.epic.cli;

import dev.epic.cluster.ClusterMember;
import dev.epic.host.EpicRuntime;
import dev.epic.cli.ModelOptions;
import dev.epic.cluster.ClusterSettings;
import dev.epic.gateway.Gateway;
import dev.epic.gateway.GatewaySettings;
import dev.epic.gateway.jobs.ClusterJobExecutor;
import dev.epic.gateway.jobs.JobExecutor;
import dev.epic.gateway.jobs.LocalJobExecutor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code epic gateway}: serves the HTTP API until the process is stopped (SIGINT or SIGTERM). */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API: submit jobs, stream their events, metrics and timelines. Tokens come from "
                + "epic.gateway.auth.tokens or EPIC_GATEWAY_TOKENS (comma-separated).")
public final class GatewayCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "P", description = "port to listen on (0: any free port; default epic.gateway.port)")
    Integer port;

    @Option(names = "--host", paramLabel = "H", description = "address to listen on (default epic.gateway.host)")
    String host;

    @Option(names = "--cluster", paramLabel = "SEEDS",
            description = "join the Pekko cluster through these seed nodes (HOST:PORT or pekko://epic@HOST:PORT, comma-separated) "
                    + "as a member with the gateway role, and hand jobs to its worker nodes (`epic node`)")
    String cluster;

    @Option(names = "--config", paramLabel = "FILE", description = "a HOCON file with settings (epic.gateway.*, model endpoints)")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the directory File.read may read (default epic.gateway.data-dir)")
    Path dataDir;

    @Option(names = "--database", paramLabel = "PATH", description = "the job database file, without extension (default epic.gateway.database)")
    Path database;

    @Mixin
    ModelOptions models = new ModelOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Gateway gateway;
        try {
            gateway = open(out, err);
        } catch (UsageError e) {
            err.println("epic: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            err.println("epic: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "epic-gateway-stop"));
        stopped.await();
        return 0;
    }

    /**
     * The address other members reach this one at: the HTTP host, unless that is a wildcard (listen on every
     * interface), which cannot be advertised; then this host's address.
     */
    private static String advertised(String host) {
        if (host == null) {
            return "127.0.0.1";
        }
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            try {
                return java.net.InetAddress.getLocalHost().getHostAddress();
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("--host " + host + ": cannot tell this host's address to advertise "
                        + "to the cluster: " + e.getMessage());
            }
        }
        return host;
    }

    /** A problem with the command line or the configuration: exit code 2. */
    public static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    /**
     * Starts the gateway the options describe and returns it running (the caller closes it). With
     * {@code --cluster} the process joins the cluster first and waits up to {@code epic.cluster.worker-wait} for
     * a worker, so that jobs recovered from the database find one; without a worker by then it serves anyway,
     * and {@code /ready} answers 503 until one is up.
     */
    public Gateway open(PrintWriter out, PrintWriter err) throws InterruptedException {
        if (config != null && !Files.isReadable(config)) {
            throw new UsageError("cannot read the configuration file " + config);
        }
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            throw new UsageError("--data-dir " + dataDir + " is not a directory");
        }
        EpicRuntime runtime;
        GatewaySettings settings;
        try {
            if (cluster != null) {
                runtime = ClusterMember.runtime(config, advertised(host), List.of(cluster.split(",")),
                        List.of(ClusterJobExecutor.ROLE), models.modelUrl, models.model);
            } else {
                runtime = new EpicRuntime(config, models.modelUrl, models.model);
                runtime.modelSettings();
            }
            settings = GatewaySettings.fromConfig(runtime.config(), System.getenv("EPIC_GATEWAY_TOKENS"));
            if (port != null) {
                settings = settings.withPort(port);
            }
            if (host != null) {
                settings = settings.withHost(host);
            }
            if (dataDir != null) {
                settings = settings.withDataDir(dataDir);
            }
            if (database != null) {
                settings = settings.withDatabase(database);
            }
        } catch (com.typesafe.config.ConfigException | IllegalArgumentException e) {
            throw new UsageError("bad configuration: " + e.getMessage());
        }
        Function<EpicRuntime, JobExecutor> executors = LocalJobExecutor::new;
        if (cluster != null) {
            ClusterJobExecutor executor = new ClusterJobExecutor(runtime);
            executors = r -> executor;
            java.time.Duration wait = ClusterSettings.fromConfig(runtime.config()).workerWait();
            if (!ClusterMember.awaitWorker(runtime, wait)) {
                err.println("epic gateway: no worker node of the cluster is up after " + wait.toSeconds() + " s ("
                        + executor.describe() + "); serving anyway, /ready answers 503 until one is");
                err.flush();
            }
        }
        Gateway gateway = Gateway.start(settings, runtime, executors, List.of());
        out.println("epic gateway: listening on " + gateway.baseUrl() + " (jobs in " + settings.database().toAbsolutePath()
                + ".mv.db" + (cluster == null ? "" : "; cluster mode, " + gateway.jobs().executor().describe()) + ")");
        out.flush();
        return gateway;
    }
}
