package dev.epic.gateway.cli;

import dev.epic.cli.EpicRuntime;
import dev.epic.gateway.Gateway;
import dev.epic.gateway.GatewaySettings;
import dev.epic.gateway.jobs.LocalJobExecutor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
            description = "join a Pekko cluster through these seed nodes (host:port,...) and hand jobs to its workers")
    String cluster;

    @Option(names = "--config", paramLabel = "FILE", description = "a HOCON file with settings (epic.gateway.*, model endpoints)")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the directory File.read may read (default epic.gateway.data-dir)")
    Path dataDir;

    @Option(names = "--database", paramLabel = "PATH", description = "the job database file, without extension (default epic.gateway.database)")
    Path database;

    @Option(names = "--model-url", paramLabel = "URL", description = "base URL of an OpenAI-compatible server for the default model endpoint")
    String modelUrl;

    @Option(names = "--model", paramLabel = "NAME", description = "model name to request from the default endpoint")
    String model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (cluster != null) {
            // The seam is JobExecutor: a cluster executor built on `epic node` replaces LocalJobExecutor here.
            err.println("epic: --cluster needs cluster mode, which this build does not have yet: it needs `epic node` "
                    + "support (worker nodes and a cluster engine); run without --cluster to evaluate jobs in this process");
            return 2;
        }
        if (config != null && !Files.isReadable(config)) {
            err.println("epic: cannot read the configuration file " + config);
            return 2;
        }
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            err.println("epic: --data-dir " + dataDir + " is not a directory");
            return 2;
        }
        EpicRuntime runtime;
        GatewaySettings settings;
        try {
            runtime = new EpicRuntime(config, modelUrl, model);
            runtime.modelSettings();
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
            err.println("epic: bad configuration: " + e.getMessage());
            return 2;
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(settings, runtime, LocalJobExecutor::new, List.of());
        } catch (IllegalStateException e) {
            err.println("epic: " + e.getMessage());
            return 1;
        }
        out.println("epic gateway: listening on " + gateway.baseUrl() + " (jobs in " + settings.database().toAbsolutePath() + ".mv.db)");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "epic-gateway-stop"));
        stopped.await();
        return 0;
    }
}
