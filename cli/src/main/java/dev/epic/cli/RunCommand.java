package dev.epic.cli;

import dev.epic.host.EpicRuntime;
import dev.epic.cluster.RunJson;
import dev.epic.cluster.ClusterMember;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.engine.Engine;
import dev.epic.engine.Event;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.RunStats;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code epic run FILE}: runs a program and prints its value. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a program and print its value. Exit 0 on success, 1 for an error in the program, 2 for a usage error.",
                "A probabilistic program (a .si file, or one with random variables, observe, factor or resample) runs as "
                        + "a particle filter and prints its posterior mean."})
final class RunCommand implements Callable<Integer> {
    enum EngineName { opportunistic, sequential }

    enum MethodName { ssi, ds, bp }

    enum HandlerName { smc, mh }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "FILE", description = "the program (.epic, or .si in Siren's dialect)")
    Path file;

    @Option(names = "--engine", defaultValue = "opportunistic",
            description = "opportunistic (default) or sequential")
    EngineName engine;

    @Option(names = "--stats", paramLabel = "PATH", description = "write run statistics as one JSON object")
    Path stats;

    @Option(names = "--events", paramLabel = "PATH", description = "write events (dispatch, resolve, output, error) as JSON lines")
    Path events;

    @Option(names = "--max-steps", paramLabel = "N", description = "stop after N reductions (default ${DEFAULT-VALUE})",
            defaultValue = "" + RunOptions.DEFAULT_MAX_STEPS)
    long maxSteps;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "stop after this many seconds (default ${DEFAULT-VALUE})",
            defaultValue = "600")
    double timeoutSeconds;

    @Option(names = "--method", paramLabel = "ssi|ds|bp",
            description = "probabilistic programs: the hybrid inference algorithm (default ${DEFAULT-VALUE})",
            defaultValue = "ssi")
    MethodName method;

    @Option(names = "--handler", paramLabel = "smc|mh",
            description = "probabilistic programs: a particle filter (smc, default) or Metropolis-Hastings (mh: "
                    + "--particles is then the number of iterations)", defaultValue = "smc")
    HandlerName handler;

    @Option(names = "--particles", paramLabel = "N",
            description = "probabilistic programs: the number of particles (default ${DEFAULT-VALUE})", defaultValue = "100")
    int particles;

    @Option(names = "--seed", paramLabel = "S",
            description = "probabilistic programs: the seed (default: a random one, recorded in --stats)")
    Long seed;

    @Option(names = "--partitions", paramLabel = "P",
            description = "probabilistic programs: split the particles over P actors, one per core (default ${DEFAULT-VALUE});"
                    + " a seed gives the same answer for any P", defaultValue = "1")
    int partitions;

    @Option(names = "--max-memory", paramLabel = "SIZE",
            description = "the memory the run may hold: a size (512MiB) or a share of the heap (50%%); default "
                    + "epic.limits.max-memory")
    String maxMemory;

    @Mixin
    ModelOptions models = new ModelOptions();

    @Option(names = "--analyze", description = "for a .si program: analyse its inference plan for --method first and"
            + " refuse to run it if a symbolic annotation might not be honoured")
    boolean analyze;

    @Option(names = "--config", paramLabel = "FILE", description = "a HOCON file with settings (model endpoints, simulated engine)")
    Path config;

    @Option(names = "--cluster", paramLabel = "SEEDS", split = ",",
            description = "run on the Pekko Cluster with these seed nodes (HOST:PORT or pekko://epic@HOST:PORT, comma-separated): this process joins it and spreads the job over its worker nodes")
    java.util.List<String> cluster;

    @Option(names = "--host", paramLabel = "HOST",
            description = "with --cluster: the address this process binds and the cluster reaches it at (default: "
                    + "pekko.remote.artery.canonical.hostname from --config or -D, else 127.0.0.1)")
    String host;

    @Spec
    CommandSpec spec;

    /** What each worker node did, on a cluster run. */
    private java.util.List<dev.epic.cluster.NodeReport> nodes;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (maxSteps <= 0 || !(timeoutSeconds > 0)) {
            err.println("epic: --max-steps and --timeout must be positive");
            return 2;
        }
        if (particles < 1 || partitions < 1 || partitions > particles) {
            err.println("epic: --particles must be at least 1 and --partitions between 1 and the number of particles");
            return 2;
        }
        Source source;
        try {
            source = ProgramFiles.read(file);
        } catch (ProgramFiles.Unreadable e) {
            err.println("epic: " + e.getMessage());
            return 2;
        }
        if (analyze && source.sirenDialect()) {
            dev.epic.prob.analysis.Analysis.Report report = dev.epic.prob.analysis.Analysis.report(java.util.List.of(file),
                    dev.epic.prob.infer.Algorithm.valueOf(method.name().toUpperCase(java.util.Locale.ROOT)));
            if (report.exitStatus() != 0) {
                report.lines().forEach(err::println);
                return 1;
            }
        }
        if (config != null && !java.nio.file.Files.isReadable(config)) {
            err.println("epic: cannot read the configuration file " + config);
            return 2;
        }
        EpicRuntime configured;
        try {
            configured = cluster == null ? new EpicRuntime(config, models.modelUrl, models.model)
                    : ClusterMember.runtime(config, host, cluster, java.util.List.of(), models.modelUrl, models.model);
            configured.modelSettings();
        } catch (com.typesafe.config.ConfigException | IllegalArgumentException e) {
            err.println("epic: bad configuration: " + e.getMessage());
            return 2;
        }
        try (EpicRuntime runtime = configured;
             EventLog log = EventLog.open(events, out)) {
            // File.read reads relative to the program and may not leave its directory (LANGUAGE.md).
            dev.epic.tools.ExternalRegistry registry = runtime.registry().register(new dev.epic.tools.FileReadTool(
                    file.toAbsolutePath().getParent(), 256L << 20));
            Program program = ProgramFiles.compile(source, registry, err);
            if (program == null) {
                return 1;
            }
            runtime.startModelsFor(program);
            RunOptions options;
            try {
                options = RunOptions.defaults().withMaxSteps(maxSteps)
                        .withTimeout(Duration.ofMillis(Math.max(1, (long) (timeoutSeconds * 1000))))
                        .withEvents(log).withLimitsFrom(runtime.config());
                if (maxMemory != null) {
                    options = options.withLimitsFrom(com.typesafe.config.ConfigFactory.parseMap(
                            java.util.Map.of("epic.limits.max-memory", maxMemory)).withFallback(runtime.config()));
                }
            } catch (com.typesafe.config.ConfigException | IllegalArgumentException e) {
                err.println("epic: " + e.getMessage());
                return 2;
            }
            if (ProbabilisticRun.isProbabilistic(file, program)) {
                if (cluster != null || engine == EngineName.sequential && spec.commandLine().getParseResult()
                        .hasMatchedOption("--engine")) {
                    err.println("epic: a probabilistic program runs as particles in this process; --cluster and "
                            + "--engine do not apply (use --partitions for more cores)");
                    return 2;
                }
                var settings = new ProbabilisticRun.Settings(dev.epic.prob.infer.Algorithm.valueOf(
                        method.name().toUpperCase(java.util.Locale.ROOT)), particles,
                        seed != null ? seed : new java.security.SecureRandom().nextLong(), partitions, stats,
                        Terminals.stderrIsTerminal(), handler == HandlerName.mh
                                ? dev.epic.prob.smc.ParticleRun.Handler.MH : dev.epic.prob.smc.ParticleRun.Handler.SMC);
                return ProbabilisticRun.run(program, settings, options,
                        partitions > 1 ? runtime.system() : null, out, err);
            }
            RunResult result;
            if (cluster != null) {
                ClusterSubmit.Outcome o = ClusterSubmit.run(runtime, program, options, err);
                if (o == null) {
                    return 1;
                }
                result = o.result();
                nodes = o.nodes();
            } else {
                result = runtime.engine(engine == EngineName.sequential).run(program, options);
            }
            String printed = result.ok() ? RunOutput.display(result.value(), file.toString(), err) : null;
            writeStats(result, printed, runtime);
            return RunOutput.finish(out, err, printed, result.error(), file.toString());
        }
    }

    private void writeStats(RunResult r, String printed, EpicRuntime runtime) throws IOException {
        if (stats == null) {
            return;
        }
        RunStats s = r.stats();
        ObjectNode o = JSON.createObjectNode();
        o.put("ok", r.ok());
        if (printed != null) {
            o.put("result", printed);
        } else {
            o.putNull("result");
        }
        if (!r.ok()) {
            o.put("error", r.error().getMessage());
            o.put("error_at", r.error().span().toString());
        }
        RunJson.putStats(o, s);
        o.put("peak_actors", s.peakActors());
        var pasta = runtime.pasta().summary();
        if (pasta.answers() > 0) {
            ObjectNode p = o.putObject("pasta");
            p.put("answers", pasta.answers());
            p.put("critical_steps", pasta.criticalSteps());
            p.put("tokens_decoded", pasta.tokensDecoded());
            p.put("sequential_tokens", pasta.sequentialTokens());
            p.put("speedup", pasta.speedup());
            p.put("geomean_speedup", pasta.geomeanSpeedup());
            p.put("promises", pasta.promises());
            p.put("rounds", pasta.rounds());
            p.put("overran", pasta.overran());
            p.put("wall_ms", pasta.wallMs());
            ObjectNode flags = p.putObject("flags");
            pasta.flags().forEach((f, n) -> flags.put(f.name().toLowerCase(), n));
        }
        if (nodes != null) {
            RunJson.putNodes(o.putArray("nodes"), nodes);
        }
        Files.writeString(stats, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n", StandardCharsets.UTF_8);
    }

    /** Writes events as JSON lines (if asked) and echoes {@code print} output to stdout as it happens. */
    static final class EventLog implements dev.epic.engine.EventSink, AutoCloseable {
        private final BufferedWriter writer;
        private final PrintWriter out;

        private EventLog(BufferedWriter writer, PrintWriter out) {
            this.writer = writer;
            this.out = out;
        }

        static EventLog open(Path path, PrintWriter out) throws IOException {
            return new EventLog(path == null ? null : Files.newBufferedWriter(path, StandardCharsets.UTF_8), out);
        }

        @Override
        public synchronized void accept(Event e) {
            if (Event.OUTPUT.equals(e.kind())) {
                out.println(e.detail());
                out.flush();
            }
            if (writer == null) {
                return;
            }
            ObjectNode o = JSON.createObjectNode();
            RunJson.putEvent(o, e);
            try {
                writer.write(o.toString());
                writer.newLine();
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (writer != null) {
                writer.close();
            }
        }
    }
}
