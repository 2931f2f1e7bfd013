package dev.epic.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.engine.RunHandle;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.SequentialEngine;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.tools.ExternalRegistry;
import dev.epic.testing.RecordingTool;
import java.time.Duration;
import dev.epic.lang.value.Value;
import dev.epic.spi.ExternalFunction;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Which external calls are in flight together, observed with a tool that holds every call open. */
class ParallelismTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final OpportunisticEngine engine = new OpportunisticEngine();

    @AfterAll
    static void close() {
        engine.close();
    }

    private static RunHandle start(RecordingTool tool, String program) {
        Program p = StandardLanguage.compile(new Source("parallel.epic", program), ExternalRegistry.withDefaults().register(tool));
        return engine.start(p, RunOptions.defaults().withTimeout(Duration.ofSeconds(60)));
    }

    /** Starts {@code program} with {@code redexes} told of every redex its job spawns and stops. */
    private static RunHandle start(ExternalRegistry tools, String program, RedexCount redexes) {
        Program p = StandardLanguage.compile(new Source("parallel.epic", program), tools);
        JobContext job = new JobContext(p, RunOptions.defaults().withTimeout(Duration.ofSeconds(60)));
        job.redexWatch = redexes;
        return engine.start(job);
    }

    private static RunResult finish(RunHandle h) throws Exception {
        return h.result().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void callsBoundBySeparateLetsAreInFlightTogether() throws Exception {
        RecordingTool call = new RecordingTool("call");
        RunHandle h = start(call, "let a = call 1 in let b = call 2 in let c = call 3 in (a, b, c)");
        assertThat(call.awaitOpen(3, WAIT)).containsExactlyInAnyOrder("1", "2", "3");
        call.releaseAll();
        RunResult r = finish(h);
        assertThat(r.display()).isEqualTo("(1, 2, 3)");
        assertThat(r.stats().maxInFlight()).isEqualTo(3);
    }

    @Test
    void callsInsideListMapAreAllInFlightTogether() throws Exception {
        RecordingTool call = new RecordingTool("call");
        RedexCount redexes = new RedexCount();
        RunHandle h = start(ExternalRegistry.withDefaults().register(call),
                "List.map (fun i -> call i * 10) (List.range(0, 25))", redexes);
        assertThat(call.awaitOpen(25, WAIT)).hasSize(25);
        // Each `_ * 10` waits for its call in a redex of its own, spawned at the end of the root's turn.
        redexes.awaitLive(1 + 25, WAIT);
        call.releaseAll();
        RunResult r = finish(h);
        assertThat(r.display()).startsWith("[0, 10, 20,").endsWith("240]");
        assertThat(r.stats().maxInFlight()).isEqualTo(25);
        assertThat(r.stats().peakActors()).isGreaterThanOrEqualTo(1 + 25);
    }

    @Test
    void aHostedPartThatGoesOnToWaitForACallGetsARedexOfItsOwn() throws Exception {
        RedexCount redexes = new RedexCount();
        // `follow _` waits for the part `c + 1` (itself waiting for `call 0` in a redex of its own), so it is
        // hosted by the root; so is `_ + 1`, which waits for `follow _`. Once `follow 1` is dispatched, `_ + 1`
        // waits for a call: it must leave the root for a redex of its own.
        RunResult r = callThenFollow("let c = call 0 in let h = follow (c + 1) + 1 in (h, 0)", redexes,
                () -> redexes.awaitSpawned(3, WAIT));
        assertThat(r.display()).isEqualTo("(2, 0)");
        assertThat(redexes.spawned()).isEqualTo(3);
    }

    @Test
    void aRedexLeftWithOnlyAPartWaitingForACallKeepsIt() throws Exception {
        RedexCount redexes = new RedexCount();
        // The application waits for `call (0, 0)` in a redex of its own; there it dispatches `follow 1` and
        // waits for it with nothing else to do: no second redex for that.
        RunResult r = callThenFollow("let p = call (0, 0) in let h = (fun (a, b) -> follow (a + 1) + 1) p in (h, 0)",
                redexes, () -> { });
        assertThat(r.display()).isEqualTo("(2, 0)");
        assertThat(redexes.spawned()).isEqualTo(2);
        assertThat(r.stats().peakActors()).isEqualTo(2);
    }

    interface WhileOpen {
        void run() throws Exception;
    }

    /**
     * Runs a program that makes one {@code call}, answered once the root has handed the part waiting for it to
     * a redex of its own, and then one {@code follow 1}, answered after {@code whileFollowOpen}.
     */
    private static RunResult callThenFollow(String program, RedexCount redexes, WhileOpen whileFollowOpen) throws Exception {
        RecordingTool call = new RecordingTool("call");
        RecordingTool follow = new RecordingTool("follow");
        RunHandle h = start(ExternalRegistry.withDefaults().register(call).register(follow), program, redexes);
        call.awaitOpen(1, WAIT);
        redexes.awaitSpawned(2, WAIT);
        call.releaseAll();
        assertThat(follow.awaitOpen(1, WAIT)).containsExactly("1");
        whileFollowOpen.run();
        follow.releaseAll();
        return finish(h);
    }

    @Test
    void aPartResumedByAMessageRunsBeforeALongLoopGoesOn() throws Exception {
        RecordingTool call = new RecordingTool("call");
        RecordingTool go = new RecordingTool("go");
        RecordingTool note = new RecordingTool("note");
        RedexCount redexes = new RedexCount();
        // The loop runs on the root machine, for more than one turn of fuel and less than two.
        String loop = "let rec loop n = if n = 0 then 0 else loop (n - 1) in ";
        // n iterations cost about 1.5 turns of fuel, measured: what an iteration costs is the compiler's business.
        long perHundred = sequentialReductions(loop + "loop 200") - sequentialReductions(loop + "loop 100");
        int n = (int) (Redex.FUEL * 3 / 2 * 100 / perHundred);
        long loopReductions = sequentialReductions(loop + "loop " + n);
        assertThat(loopReductions).isBetween(Redex.FUEL * 5 / 4, Redex.FUEL * 7 / 4);
        // Once the loop has started, `tick` answers `call 0` and waits until the redex waiting for it has
        // resolved `c + 1`: the message resuming `note _` in the root is then queued, while the loop has most of
        // its turn and then another ahead of it. `note _` must run before the loop goes on, so `note 1` is
        // dispatched before the loop's end dispatches `note 1000`.
        ExternalFunction tick = new ExternalFunction() {
            public String name() {
                return "tick";
            }

            public int arity() {
                return 1;
            }

            public CompletionStage<Value> call(List<Value> args) {
                call.release("0");
                try {
                    redexes.awaitFinished(1, WAIT);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return CompletableFuture.completedFuture(args.get(0));
            }
        };
        RunHandle h = start(ExternalRegistry.withDefaults().register(call).register(go).register(note).register(tick),
                loop + "let c = call 0 in let h = note (c + 1) in let (a, b) = go (0, 0) in\n"
                        + "tick a; note (loop " + n + " + 1000)", redexes);
        call.awaitOpen(1, WAIT);
        redexes.awaitSpawned(2, WAIT);
        go.release("(0, 0)");
        note.awaitOpen(2, WAIT);
        assertThat(note.dispatched()).containsExactly("1", "1000");
        note.releaseAll();
        assertThat(finish(h).display()).isEqualTo("1000");
    }

    private static long sequentialReductions(String program) throws Exception {
        Program p = StandardLanguage.compile(new Source("loop.epic", program), ExternalRegistry.withDefaults());
        RunResult r = finish(new SequentialEngine().start(p, RunOptions.defaults()));
        assertThat(r.ok()).isTrue();
        return r.stats().reductions();
    }

    @Test
    void partsWaitingForOtherPartsStayInTheRedexThatSplitThemOff() throws Exception {
        RecordingTool call = new RecordingTool("call");
        // Each `call i + 1` waits for its call; each step of the sum waits for the part before it. The ten
        // computations waiting for calls may become redexes of their own; the chain of the sum stays in the root.
        RunHandle h = start(call, "List.sum (List.map (fun i -> call i + 1) (List.range(0, 10)))");
        assertThat(call.awaitOpen(10, WAIT)).hasSize(10);
        for (int i = 9; i >= 0; i--) {
            call.release(Integer.toString(i));
        }
        RunResult r = finish(h);
        assertThat(r.display()).isEqualTo("55");
        assertThat(r.stats().peakActors()).isLessThanOrEqualTo(1 + 10);
    }

    @Test
    void theCallsOfListFiltersPredicatesAreAllInFlightTogether() throws Exception {
        RecordingTool call = new RecordingTool("call");
        RunHandle h = start(call, "List.filter (fun i -> call i > 4) (List.range(0, 10))");
        assertThat(call.awaitOpen(10, WAIT)).hasSize(10);
        call.releaseAll();
        RunResult r = finish(h);
        assertThat(r.display()).isEqualTo("[5, 6, 7, 8, 9]");
        assertThat(r.stats().maxInFlight()).isEqualTo(10);
    }

    @Test
    void callsInARecursiveTreeAreAllInFlightTogether() throws Exception {
        RecordingTool call = new RecordingTool("call");
        RunHandle h = start(call, "let rec t d k = if d = 0 then call k else t (d - 1) (2 * k) + t (d - 1) (2 * k + 1) in t 4 0");
        assertThat(call.awaitOpen(16, WAIT)).hasSize(16);
        call.releaseAll();
        assertThat(finish(h).display()).isEqualTo(Integer.toString(java.util.stream.IntStream.range(0, 16).sum()));
    }

    @Test
    void pendingCallsStoredInATupleAndUsedLaterAreInFlightTogether() throws Exception {
        RecordingTool call = new RecordingTool("call");
        RunHandle h = start(call, "let pair = (call \"left\", call \"right\") in\n"
                + "let (l, r) = pair in\n"
                + "let other = call \"third\" in\n"
                + "l ^ r ^ other");
        assertThat(call.awaitOpen(3, WAIT)).containsExactlyInAnyOrder("left", "right", "third");
        call.releaseAll();
        assertThat(finish(h).display()).isEqualTo("leftrightthird");
    }

    @Test
    void aCallWhoseArgumentDependsOnAnotherWaitsForIt() throws Exception {
        RecordingTool call = new RecordingTool("call");
        RunHandle h = start(call, "let a = call 1 in let b = call (a + 1) in let c = call 7 in (b, c)");
        assertThat(call.awaitOpen(2, WAIT)).containsExactlyInAnyOrder("1", "7");
        assertThat(call.dispatched()).doesNotContain("2");
        call.release("1");
        assertThat(call.awaitOpen(2, WAIT)).containsExactlyInAnyOrder("2", "7");
        call.releaseAll();
        assertThat(finish(h).display()).isEqualTo("(2, 7)");
    }

    @Test
    void aFoldOverResultsStartsWorkOnEachAsItArrives() throws Exception {
        RecordingTool call = new RecordingTool("call");
        RecordingTool follow = new RecordingTool("follow");
        Program p = StandardLanguage.compile(new Source("fold.epic",
                        "let xs = List.map call [1, 2, 3] in List.map (fun x -> follow (x * 100)) xs"),
                ExternalRegistry.withDefaults().register(call).register(follow));
        RunHandle h = engine.start(p, RunOptions.defaults());
        call.awaitOpen(3, WAIT);
        call.release("2");
        assertThat(follow.awaitOpen(1, WAIT)).containsExactly("200");
        call.releaseAll();
        follow.awaitOpen(3, WAIT);
        follow.releaseAll();
        assertThat(finish(h).display()).isEqualTo("[100, 200, 300]");
    }

    @Test
    void theSequentialEngineNeverHasTwoCallsInFlight() throws Exception {
        RecordingTool call = new RecordingTool("call");
        Program p = StandardLanguage.compile(new Source("seq.epic", "List.map (fun i -> call i) [1, 2, 3, 4]"),
                ExternalRegistry.withDefaults().register(call));
        RunHandle h = new SequentialEngine().start(p, RunOptions.defaults());
        for (String k : List.of("1", "2", "3", "4")) {
            assertThat(call.awaitOpen(1, WAIT)).containsExactly(k);
            call.release(k);
        }
        RunResult r = finish(h);
        assertThat(r.display()).isEqualTo("[1, 2, 3, 4]");
        assertThat(call.maxOpen()).isEqualTo(1);
        assertThat(r.stats().maxInFlight()).isEqualTo(1);
    }
}
