package dev.epic.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.epic.host.EpicRuntime;
import dev.epic.gateway.auth.Tokens;
import dev.epic.gateway.jobs.JobCompiler;
import dev.epic.gateway.jobs.JobExecutor;
import dev.epic.gateway.jobs.JobService;
import dev.epic.gateway.metrics.GatewayMetrics;
import dev.epic.gateway.routes.GatewayRoutes;
import dev.epic.gateway.routes.Responses;
import dev.epic.gateway.store.H2JobStore;
import dev.epic.gateway.store.JobStore;
import dev.epic.pasta.decode.PastaSettings;
import dev.epic.pasta.openai.PastaCompletions;
import dev.epic.spi.ExternalFunction;
import dev.epic.tools.ExternalRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * A running gateway: the job database, the job service on its {@link JobExecutor}, metrics, and the HTTP
 * server. {@link #start} returns once unfinished jobs from the database are queued again and the port is
 * bound; {@link #close} stops it, leaving jobs that were still running unfinished in the database so the next
 * start runs them again. The gateway owns the {@link EpicRuntime} it is given.
 */
public final class Gateway implements AutoCloseable {
    private final EpicRuntime runtime;
    private final JobStore store;
    private final ExecutorService blocking;
    private final ScheduledExecutorService purger;
    private final JobExecutor executor;
    private final JobService jobs;
    private final ServerBinding binding;

    private Gateway(EpicRuntime runtime, JobStore store, ExecutorService blocking, ScheduledExecutorService purger,
                    JobExecutor executor, JobService jobs, ServerBinding binding) {
        this.runtime = runtime;
        this.store = store;
        this.blocking = blocking;
        this.purger = purger;
        this.executor = executor;
        this.jobs = jobs;
        this.binding = binding;
    }

    /**
     * Starts a gateway. {@code executors} makes the job executor from the runtime (the seam where cluster mode
     * plugs in); {@code extraFunctions} are added to every job's external functions (hosts' own tools).
     */
    public static Gateway start(GatewaySettings settings, EpicRuntime runtime, Function<EpicRuntime, JobExecutor> executors,
                                List<ExternalFunction> extraFunctions) {
        ObjectMapper json = GatewayJson.MAPPER;
        com.typesafe.config.Config conf = runtime.config().getConfig("epic.gateway");
        JobStore store = H2JobStore.open(settings.database(), conf.getInt("database-connections"));
        AtomicInteger threads = new AtomicInteger();
        ExecutorService blocking = Executors.newFixedThreadPool(conf.getInt("blocking-threads"), r -> {
            Thread t = new Thread(r, "epic-gateway-blocking-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService purger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "epic-gateway-purge");
            t.setDaemon(true);
            return t;
        });
        JobExecutor executor = executors.apply(runtime);
        // The external functions are found once (ServiceLoader); each job gets its own copy to add File.read to.
        ExternalRegistry base = runtime.registry();
        extraFunctions.forEach(base::register);
        JobCompiler compiler = new JobCompiler(() -> {
            ExternalRegistry r = ExternalRegistry.empty();
            base.functions().forEach(r::register);
            return r;
        }, settings.dataDir(), settings.fileMaxBytes(), executor.selfContainedPrograms(), blocking);
        AtomicReference<JobService> service = new AtomicReference<>();
        GatewayMetrics metrics = new GatewayMetrics(() -> service.get().counts(), runtime::startedModels,
                conf.getDuration("metrics-batcher-timeout"));
        JobService jobs = new JobService(settings, store, executor, compiler, metrics, blocking, json);
        service.set(jobs);
        AtomicBoolean ready = new AtomicBoolean();
        try {
            jobs.purge();
            jobs.recover();
            GatewayRoutes routes = new GatewayRoutes(jobs, settings, new Tokens(settings.tokens(), settings.authRequired()),
                    metrics, new Responses(json, metrics), pastaCompletions(runtime, blocking), ready::get);
            // A burst of clients connecting at once must not overflow the listen queue (Pekko's default is 100):
            // connections beyond it wait for a SYN retry, a second or more.
            int backlog = conf.getInt("backlog");
            ServerBinding binding = Http.get(runtime.system()).newServerAt(settings.host(), settings.port())
                    .adaptSettings(server -> server.withBacklog(backlog)
                            .withParsingErrorHandler(dev.epic.gateway.routes.ParsingErrors.class.getName()))
                    .bind(routes.route()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            long every = Math.max(1000, settings.purgeInterval().toMillis());
            purger.scheduleWithFixedDelay(jobs::purge, every, every, TimeUnit.MILLISECONDS);
            ready.set(true);
            return new Gateway(runtime, store, blocking, purger, executor, jobs, binding);
        } catch (Exception e) {
            jobs.close();
            blocking.shutdownNow();
            purger.shutdownNow();
            store.close();
            runtime.close();
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot start the gateway on " + settings.host() + ":" + settings.port() + ": "
                    + cause.getMessage(), cause);
        }
    }

    /**
     * The PASTA completions service, made on the first request that needs it. Making it starts the model
     * endpoints (and may bind the simulated engine's server), which blocks: it runs on the blocking pool, never
     * on the HTTP server's dispatcher, whose threads that start waits for. A failed start is tried again next time.
     */
    private static Supplier<CompletionStage<PastaCompletions>> pastaCompletions(EpicRuntime runtime, ExecutorService blocking) {
        AtomicReference<CompletableFuture<PastaCompletions>> made = new AtomicReference<>();
        return () -> {
            CompletableFuture<PastaCompletions> f = made.get();
            if (f != null) {
                return f;
            }
            CompletableFuture<PastaCompletions> mine = new CompletableFuture<>();
            if (!made.compareAndSet(null, mine)) {
                return made.get();
            }
            CompletableFuture.supplyAsync(() -> new PastaCompletions(runtime.models(), PastaSettings.fromConfig(runtime.config()),
                    runtime.pasta()), blocking).whenComplete((p, failure) -> {
                        if (failure != null) {
                            made.compareAndSet(mine, null);
                            mine.completeExceptionally(failure);
                        } else {
                            mine.complete(p);
                        }
                    });
            return mine;
        };
    }

    /** The port the server listens on (useful when started on port 0). */
    public int port() {
        return binding.localAddress().getPort();
    }

    public String baseUrl() {
        return "http://" + binding.localAddress().getHostString() + ":" + port();
    }

    public JobService jobs() {
        return jobs;
    }

    @Override
    public void close() {
        try {
            // Stop accepting, let requests in progress (also on kept-alive connections) get their answer, then close
            // the connections, rather than cutting them with the actor system.
            binding.terminate(Duration.ofSeconds(10)).toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The actor system's termination below closes the port anyway.
        }
        purger.shutdownNow();
        jobs.close();
        blocking.shutdown();
        try {
            blocking.awaitTermination(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        executor.close();
        runtime.close();
    }
}
