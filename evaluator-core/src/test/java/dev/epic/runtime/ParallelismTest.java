package dev.epic.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.engine.RunHandle;
import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.SequentialEngine;
import dev.epic.lang.Library;
import dev.epic.lang.eval.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.spi.ExternalRegistry;
import dev.epic.testing.RecordingTool;
import java.time.Duration;
import java.util.List;
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
        Program p = Library.compile(new Source("parallel.epic", program), ExternalRegistry.withDefaults().register(tool));
        return engine.start(p, RunOptions.defaults().withTimeout(Duration.ofSeconds(60)));
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
        RunHandle h = start(call, "List.map (fun i -> call i * 10) (List.range(0, 25))");
        assertThat(call.awaitOpen(25, WAIT)).hasSize(25);
        call.releaseAll();
        RunResult r = finish(h);
        assertThat(r.display()).startsWith("[0, 10, 20,").endsWith("240]");
        assertThat(r.stats().maxInFlight()).isEqualTo(25);
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
        Program p = Library.compile(new Source("fold.epic",
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
        Program p = Library.compile(new Source("seq.epic", "List.map (fun i -> call i) [1, 2, 3, 4]"),
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
