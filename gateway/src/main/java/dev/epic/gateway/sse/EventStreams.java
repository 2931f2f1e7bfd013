package dev.epic.gateway.sse;

import dev.epic.gateway.jobs.Job;
import dev.epic.gateway.jobs.JobEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A job's events as Server-Sent Events: each with its kind as the SSE event type and the id {@code run-n} (the
 * job's run, see {@link Job#run()}, and the event's number in that run), starting after the event a
 * reconnecting client last saw ({@code Last-Event-ID}), ending after {@code done}. An id from an earlier run (the
 * job ran again after a restart) gets a {@code reset} event, then the current run from its start: the client
 * drops what it had rather than splicing two runs. The stream pulls one event at a time from the job, so a
 * slow client slows only its own stream and nothing is buffered or dropped; comments keep an idle connection
 * open.
 */
public final class EventStreams {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private EventStreams() {}

    /** A parsed {@code Last-Event-ID}: the run it came from (0: the current run, for a bare number) and the event. */
    public record LastEventId(int run, long event) {
        public static final LastEventId NONE = new LastEventId(0, 0);
    }

    /** Events after {@code last}; 400 for an id from a run the job has not had. */
    public static Source<ServerSentEvent, NotUsed> from(Job.EventReader reader, LastEventId last) {
        int run = reader.job().run();
        if (last.run() > run) {
            throw dev.epic.gateway.ApiError.badRequest("invalid_last_event_id", "Last-Event-ID " + last.run() + "-" + last.event()
                    + " is from run " + last.run() + " but job " + reader.job().id() + " is on run " + run);
        }
        boolean earlierRun = last.run() != 0 && last.run() < run;
        long after = earlierRun ? 0 : last.event();
        int start = (int) Math.max(0, Math.min(after, Integer.MAX_VALUE));
        Source<ServerSentEvent, NotUsed> events = Source.<Integer, JobEvent>unfoldAsync(start, i -> reader.at(i)
                        .thenApply((Optional<JobEvent> e) -> e.map(ev -> Pair.create(i + 1, ev))))
                .map(e -> ServerSentEvent.create(e.json(), Optional.of(e.kind()), Optional.of(run + "-" + e.id()), OptionalInt.empty()));
        if (earlierRun) {
            ServerSentEvent reset = ServerSentEvent.create("{\"kind\":\"reset\",\"run\":" + run + "}", Optional.of("reset"),
                    Optional.of(run + "-0"), OptionalInt.empty());
            events = Source.single(reset).concat(events);
        }
        return events.keepAlive(KEEP_ALIVE, ServerSentEvent::heartbeat);
    }

    /**
     * The id in a {@code Last-Event-ID} header: {@code run-n} as sent, or a bare {@code n} (taken to be of the
     * current run); none when absent. 400 for anything else.
     */
    public static LastEventId lastEventId(Optional<String> header) {
        if (header.isEmpty() || header.get().isBlank()) {
            return LastEventId.NONE;
        }
        String v = header.get().strip();
        try {
            int dash = v.indexOf('-');
            if (dash > 0) {
                int run = Integer.parseInt(v.substring(0, dash));
                long n = Long.parseLong(v.substring(dash + 1));
                if (run >= 1 && n >= 0) {
                    return new LastEventId(run, n);
                }
            } else if (dash < 0) {
                long n = Long.parseLong(v);
                if (n >= 0) {
                    return new LastEventId(0, n);
                }
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw dev.epic.gateway.ApiError.badRequest("invalid_last_event_id",
                "Last-Event-ID must be the id of an event of this stream (run-n, e.g. 1-17), not '" + header.get() + "'");
    }
}
