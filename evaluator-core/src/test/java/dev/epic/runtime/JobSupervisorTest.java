package dev.epic.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.engine.RunOptions;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.value.Value;
import dev.epic.spi.ExternalFunction;
import dev.epic.tools.ExternalRegistry;
import dev.epic.testing.RecordingTool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JobSupervisorTest {
    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** A tool that never answers, and counts down a latch when called. */
    static final class Never implements ExternalFunction {
        final CountDownLatch called = new CountDownLatch(1);

        public String name() {
            return "never";
        }

        public int arity() {
            return 1;
        }

        public CompletionStage<Value> call(List<Value> args) {
            called.countDown();
            return new CompletableFuture<>();
        }
    }

    private static Program compile(String text, ExternalRegistry registry) {
        return StandardLanguage.compile(new Source("job.epic", text), registry);
    }

    private static ActorRef<JobSupervisor.Command> start(Program p, RunOptions options, TestProbe<JobSupervisor.Finished> probe) {
        ActorRef<JobSupervisor.Command> job = testKit.spawn(JobSupervisor.create(new JobContext(p, options)));
        job.tell(new JobSupervisor.Start(probe.getRef()));
        return job;
    }

    @Test
    void repliesWithTheValueOnceEveryRedexAndCallHasFinished() {
        TestProbe<JobSupervisor.Finished> probe = testKit.createTestProbe();
        Program p = compile("let x = delay(20, 4) in (x * 10, String.length (delay(10, \"abc\")))", ExternalRegistry.withDefaults());
        ActorRef<JobSupervisor.Command> job = start(p, RunOptions.defaults(), probe);
        JobSupervisor.Finished done = probe.expectMessageClass(JobSupervisor.Finished.class, Duration.ofSeconds(10));
        assertThat(done.result().display()).isEqualTo("(40, 3)");
        assertThat(done.result().stats().externalCalls()).isEqualTo(2);
        probe.expectTerminated(job, Duration.ofSeconds(5));
    }

    @Test
    void createdWithACallbackItStartsAtOnceAndHandsTheOutcomeToIt() {
        TestProbe<JobSupervisor.Finished> probe = testKit.createTestProbe();
        Program p = compile("let x = delay(20, 4) in x * 10", ExternalRegistry.withDefaults());
        // No Start message: the job runs as the supervisor is spawned.
        ActorRef<JobSupervisor.Command> job = testKit.spawn(JobSupervisor.create(new JobContext(p, RunOptions.defaults()),
                probe.getRef()::tell));
        JobSupervisor.Finished done = probe.expectMessageClass(JobSupervisor.Finished.class, Duration.ofSeconds(10));
        assertThat(done.result().display()).isEqualTo("40");
        probe.expectTerminated(job, Duration.ofSeconds(5));
    }

    @Test
    void anAbandonedJobStopsBeforeItsFirstCall() {
        TestProbe<JobSupervisor.Finished> probe = testKit.createTestProbe();
        RecordingTool call = new RecordingTool("call");
        JobContext job = new JobContext(compile("call 1", ExternalRegistry.empty().register(call)), RunOptions.defaults());
        job.abandon();
        AtomicReference<JobSupervisor.Finished> told = new AtomicReference<>();
        ActorRef<JobSupervisor.Command> supervisor = testKit.spawn(JobSupervisor.create(job, told::set));
        probe.expectTerminated(supervisor, Duration.ofSeconds(10));
        assertThat(call.dispatched()).isEmpty();
        assertThat(told.get()).isNull();
    }

    @Test
    void aJobAbandonedWhileRunningStopsAtItsNextMessage() throws InterruptedException {
        TestProbe<JobSupervisor.Finished> probe = testKit.createTestProbe();
        RecordingTool call = new RecordingTool("call");
        RecordingTool follow = new RecordingTool("follow");
        JobContext job = new JobContext(compile("let a = call 1 in follow (a + 1)",
                ExternalRegistry.empty().register(call).register(follow)), RunOptions.defaults());
        AtomicReference<JobSupervisor.Finished> told = new AtomicReference<>();
        ActorRef<JobSupervisor.Command> supervisor = testKit.spawn(JobSupervisor.create(job, told::set));
        call.awaitOpen(1, Duration.ofSeconds(10));
        job.abandon();
        // The call's completion is the supervisor's next message: it stops instead of resolving the call, and
        // with it every redex, so the call that needs its value is never made.
        call.releaseAll();
        probe.expectTerminated(supervisor, Duration.ofSeconds(10));
        assertThat(follow.dispatched()).isEmpty();
        assertThat(told.get()).isNull();
    }

    @Test
    void aRedexThatCrashesFailsTheJobAtOnce() {
        TestProbe<JobSupervisor.Finished> probe = testKit.createTestProbe();
        Never never = new Never();
        JobContext job = new JobContext(compile("never 1 + 1", ExternalRegistry.empty().register(never)),
                RunOptions.defaults().withTimeout(Duration.ofMinutes(10)));
        // A fault in the redex itself, outside the machine that turns a program's failures into errors: the actor
        // crashes, and its supervisor, which watches it, ends the job now rather than at its ten-minute timeout.
        job.turnHook = () -> {
            throw new IllegalStateException("injected redex fault");
        };
        ActorRef<JobSupervisor.Command> supervisor = testKit.spawn(JobSupervisor.create(job, probe.getRef()::tell));
        JobSupervisor.Finished done = probe.expectMessageClass(JobSupervisor.Finished.class, Duration.ofSeconds(10));
        assertThat(done.result().error().kind()).isEqualTo(EvalError.Kind.INTERNAL);
        assertThat(done.result().error().getMessage()).isEqualTo("internal error");
        probe.expectTerminated(supervisor, Duration.ofSeconds(5));
    }

    @Test
    void waitsForWorkWhoseValueIsNeverUsedAndReportsItsError() {
        TestProbe<JobSupervisor.Finished> probe = testKit.createTestProbe();
        Program p = compile("let unused = 1 / delay(30, 0) in \"done\"", ExternalRegistry.withDefaults());
        start(p, RunOptions.defaults(), probe);
        JobSupervisor.Finished done = probe.expectMessageClass(JobSupervisor.Finished.class, Duration.ofSeconds(10));
        assertThat(done.result().ok()).isFalse();
        assertThat(done.result().error().getMessage()).isEqualTo("division by zero");
    }

    @Test
    void cancelEndsTheJobWhileACallIsInFlight() throws InterruptedException {
        TestProbe<JobSupervisor.Finished> probe = testKit.createTestProbe();
        Never never = new Never();
        Program p = compile("never 1 + 1", ExternalRegistry.empty().register(never));
        ActorRef<JobSupervisor.Command> job = start(p, RunOptions.defaults(), probe);
        assertThat(never.called.await(10, TimeUnit.SECONDS)).isTrue();
        job.tell(JobSupervisor.Cancel.INSTANCE);
        JobSupervisor.Finished done = probe.expectMessageClass(JobSupervisor.Finished.class, Duration.ofSeconds(10));
        assertThat(done.result().error().kind()).isEqualTo(EvalError.Kind.CANCELLED);
        probe.expectTerminated(job, Duration.ofSeconds(5));
    }

    @Test
    void timeoutEndsAJobThatWaitsForever() {
        TestProbe<JobSupervisor.Finished> probe = testKit.createTestProbe();
        Program p = compile("never 1", ExternalRegistry.empty().register(new Never()));
        start(p, RunOptions.defaults().withTimeout(Duration.ofMillis(300)), probe);
        JobSupervisor.Finished done = probe.expectMessageClass(JobSupervisor.Finished.class, Duration.ofSeconds(10));
        assertThat(done.result().error().kind()).isEqualTo(EvalError.Kind.TIMEOUT);
        assertThat(done.result().error().getMessage()).startsWith("timed out after 0.300 s");
    }

    @Test
    void aFailingCallFailsTheJobNamingTheFunction() {
        TestProbe<JobSupervisor.Finished> probe = testKit.createTestProbe();
        Program p = compile("delay(-5, 1)", ExternalRegistry.withDefaults());
        start(p, RunOptions.defaults(), probe);
        JobSupervisor.Finished done = probe.expectMessageClass(JobSupervisor.Finished.class, Duration.ofSeconds(10));
        assertThat(done.result().error().getMessage()).isEqualTo("external call delay failed: delay of -5 ms is negative");
        assertThat(done.result().error().span().lineColumn()).isEqualTo("1:1");
    }
}
