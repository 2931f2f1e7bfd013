package dev.epic.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.engine.Engine;
import dev.epic.engine.RunHandle;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.SequentialEngine;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.value.Value;
import dev.epic.runtime.OpportunisticEngine;
import dev.epic.spi.ExternalFunction;
import dev.epic.tools.ExternalRegistry;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code epic bench core}: reduction speed of both engines on pure programs, run side by side in one JVM
 * (alternating, after a warm-up, median of the repetitions), and the heap that pending redexes take with
 * many external calls in flight at once.
 */
public final class CoreBench {
    record Workload(String name, String program) {}

    record Speed(String workload, long reductions, double seqMs, double oppMs) {
        double seqRate() {
            return reductions / (seqMs / 1000.0);
        }

        double oppRate() {
            return reductions / (oppMs / 1000.0);
        }

        double ratio() {
            return oppMs / seqMs;
        }
    }

    record Heap(int pending, long bytes, int peakActors, long wallMs) {
        double bytesPerPending() {
            return (double) bytes / pending;
        }
    }

    private final boolean quick;
    private final PrintWriter out;

    public CoreBench(boolean quick, PrintWriter out) {
        this.quick = quick;
        this.out = out;
    }

    List<Workload> workloads() {
        int fib = quick ? 20 : 25;
        int n = quick ? 100_000 : 1_000_000;
        int church = quick ? 300 : 1000;
        return List.of(
                new Workload("recursion: fib " + fib,
                        "let rec fib n = if n < 2 then n else fib (n - 1) + fib (n - 2) in fib " + fib),
                new Workload("fold over " + n + " elements",
                        "fold(fun (x, acc) -> acc + x, List.range(0, " + n + "), 0)"),
                new Workload("List.map + filter over " + n / 10 + " elements",
                        "List.len (List.filter (fun x -> x % 3 = 0) (List.map (fun x -> x * 2) (List.range(0, " + n / 10 + "))))"),
                new Workload("Church numerals: " + church + " x " + church,
                        "let zero = fun f x -> x in\n"
                                + "let succ = fun n f x -> f (n f x) in\n"
                                + "let mul = fun m n f -> m (n f) in\n"
                                + "let to_int = fun n -> n (fun k -> k + 1) 0 in\n"
                                + "let rec of_int k = if k = 0 then zero else succ (of_int (k - 1)) in\n"
                                + "to_int (mul (of_int " + church + ") (of_int " + church + "))"));
    }

    public void run(Path docs) throws Exception {
        int reps = quick ? 3 : 7;
        List<Speed> speeds = new ArrayList<>();
        Heap heap;
        try (SequentialEngine seq = new SequentialEngine(); OpportunisticEngine opp = new OpportunisticEngine()) {
            for (Workload w : workloads()) {
                Program p = StandardLanguage.compile(new Source(w.name(), w.program()), ExternalRegistry.withDefaults());
                speeds.add(measure(w, p, seq, opp, reps));
            }
            heap = heap(opp, quick ? 20_000 : 100_000);
        }
        report(docs, speeds, heap, reps);
    }

    private Speed measure(Workload w, Program p, Engine seq, Engine opp, int reps) {
        RunOptions options = RunOptions.defaults();
        RunResult warmSeq = seq.run(p, options);
        RunResult warmOpp = opp.run(p, options);
        if (!warmSeq.ok() || !warmOpp.ok() || !warmSeq.display().equals(warmOpp.display())) {
            throw new IllegalStateException(w.name() + ": engines disagree: " + warmSeq.display() + " vs " + warmOpp.display());
        }
        double[] s = new double[reps];
        double[] o = new double[reps];
        for (int i = 0; i < reps; i++) {
            s[i] = time(seq, p, options);
            o[i] = time(opp, p, options);
        }
        Speed sp = new Speed(w.name(), warmSeq.stats().reductions(), median(s), median(o));
        out.printf("%-40s %,12d reductions  sequential %8.1f ms (%,.0f/s)  opportunistic %8.1f ms (%,.0f/s)  ratio %.2f%n",
                w.name(), sp.reductions(), sp.seqMs(), sp.seqRate(), sp.oppMs(), sp.oppRate(), sp.ratio());
        out.flush();
        return sp;
    }

    private static double time(Engine e, Program p, RunOptions options) {
        long t0 = System.nanoTime();
        RunResult r = e.run(p, options);
        if (!r.ok()) {
            throw new IllegalStateException(r.display());
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(double[] xs) {
        double[] c = xs.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /** A tool that answers only when released, so that every call stays in flight until we have measured. */
    static final class Hold implements ExternalFunction {
        final ConcurrentLinkedQueue<Runnable> releases = new ConcurrentLinkedQueue<>();
        final AtomicInteger calls = new AtomicInteger();

        public String name() {
            return "hold";
        }

        public int arity() {
            return 1;
        }

        public CompletionStage<Value> call(List<Value> args) {
            CompletableFuture<Value> f = new CompletableFuture<>();
            Value v = args.get(0);
            releases.add(() -> f.complete(v));
            calls.incrementAndGet();
            return f;
        }

        void releaseAll() {
            Runnable r;
            while ((r = releases.poll()) != null) {
                r.run();
            }
        }
    }

    private Heap heap(OpportunisticEngine opp, int n) throws Exception {
        Hold hold = new Hold();
        Program p = StandardLanguage.compile(new Source("pending.epic",
                "List.len (List.map (fun i -> hold i + 1) (List.range(0, " + n + ")))"), ExternalRegistry.empty().register(hold));
        long before = usedHeapAfterGc();
        long t0 = System.nanoTime();
        RunHandle h = opp.start(p, RunOptions.defaults().withTimeout(Duration.ofMinutes(5)));
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (hold.calls.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + hold.calls.get() + " of " + n + " calls were dispatched");
            }
            Thread.sleep(20);
        }
        Thread.sleep(500);
        long during = usedHeapAfterGc();
        hold.releaseAll();
        RunResult r = h.result().toCompletableFuture().get();
        if (!r.ok() || !r.display().equals(Integer.toString(n))) {
            throw new IllegalStateException("pending-calls program gave " + r.display());
        }
        Heap heap = new Heap(n, during - before, r.stats().peakActors(), (System.nanoTime() - t0) / 1_000_000);
        out.printf("%,d calls in flight: %,.1f MiB of heap, %,.0f bytes per pending redex, %,d redex actors at peak%n",
                n, heap.bytes() / 1048576.0, heap.bytesPerPending(), heap.peakActors());
        out.flush();
        return heap;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private void report(Path docs, List<Speed> speeds, Heap heap, int reps) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("## Core: reduction speed and pending-redex heap (`epic bench core").append(quick ? " --quick" : "").append("`)\n\n");
        md.append("Reproduce: `./epic bench core` (add `--quick` for a smaller run). Both engines run the same compiled program in one JVM, ")
                .append("alternating, after one warm-up run each; times are the median of ").append(reps)
                .append(" runs (wall time of the whole run, so the opportunistic column includes job and actor start-up). ")
                .append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(".\n\n");
        md.append("| workload | reductions | sequential ms | sequential reductions/s | opportunistic ms | opportunistic reductions/s | opportunistic / sequential time |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        boolean seqTarget = true;
        boolean oppTarget = true;
        for (Speed s : speeds) {
            md.append(String.format("| %s | %,d | %.1f | %,.0f | %.1f | %,.0f | %.2fx |%n", s.workload(), s.reductions(), s.seqMs(),
                    s.seqRate(), s.oppMs(), s.oppRate(), s.ratio()));
            seqTarget &= s.seqRate() >= 1_000_000;
            oppTarget &= s.ratio() <= 3.0;
        }
        md.append(String.format("%nPending calls: %,d external calls held in flight at once (`List.map (fun i -> hold i + 1)`, each ", heap.pending()))
                .append("element a parked redex actor waiting on its call): ")
                .append(String.format("%,.1f MiB of heap above the idle baseline, **%,.0f bytes per pending redex**, %,d redex actors at peak.%n%n",
                        heap.bytes() / 1048576.0, heap.bytesPerPending(), heap.peakActors()));
        double projected = heap.bytesPerPending() * 100_000 / 1048576.0;
        md.append("Targets: sequential engine ≥ 1M reductions/s — ").append(seqTarget ? "**met**" : "**not met**")
                .append("; opportunistic within 3x of sequential on pure programs — ").append(oppTarget ? "**met**" : "**not met**")
                .append(String.format("; 10^5 pending calls in under 1 GiB — %s (%,.0f MiB for 10^5).%n%n",
                        projected < 1024 ? "**met**" : "**not met**", projected));
        md.append("![reductions per second](bench/core.svg)\n");

        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("quick", quick);
        root.put("repetitions", reps);
        ArrayNode arr = root.putArray("workloads");
        for (Speed s : speeds) {
            ObjectNode o = arr.addObject();
            o.put("workload", s.workload());
            o.put("reductions", s.reductions());
            o.put("sequential_ms", s.seqMs());
            o.put("opportunistic_ms", s.oppMs());
            o.put("sequential_reductions_per_s", s.seqRate());
            o.put("opportunistic_reductions_per_s", s.oppRate());
            o.put("ratio", s.ratio());
        }
        ObjectNode h = root.putObject("pending");
        h.put("calls_in_flight", heap.pending());
        h.put("heap_bytes", heap.bytes());
        h.put("bytes_per_pending_redex", heap.bytesPerPending());
        h.put("peak_actors", heap.peakActors());

        List<String> cats = new ArrayList<>();
        double[][] values = new double[speeds.size()][2];
        for (int i = 0; i < speeds.size(); i++) {
            cats.add(speeds.get(i).workload());
            values[i][0] = speeds.get(i).seqRate();
            values[i][1] = speeds.get(i).oppRate();
        }
        String svg = BenchReport.barChart("Reductions per second on pure programs (higher is better)", "/s", cats,
                List.of("sequential", "opportunistic"), values);
        BenchReport.write(docs, "core", md.toString(), json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n", svg);
        out.println("wrote " + docs.resolve("benchmarks.md") + ", " + docs.resolve("bench/core.json") + ", " + docs.resolve("bench/core.svg"));
        out.flush();
    }
}
