package dev.epic.gateway.sse;

import dev.epic.gateway.jobs.Job;
import dev.epic.gateway.jobs.JobEvent;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A job's events as Server-Sent Events: each with its event id and its kind as the SSE event type, starting
 * after the event a reconnecting client last saw ({@code Last-Event-ID}), ending after {@code done}. The
 * stream pulls one event at a time from the job, so a slow client slows only its own stream and nothing is
 * buffered or dropped; comments keep an idle connection open.
 */
public final class EventStreams {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private EventStreams() {}

    /** Events after {@code lastEventId} (0 for all). */
    public static Source<ServerSentEvent, NotUsed> from(Job.EventReader reader, long lastEventId) {
        int start = (int) Math.max(0, Math.min(lastEventId, Integer.MAX_VALUE));
        return Source.<Integer, JobEvent>unfoldAsync(start, i -> reader.at(i)
                        .thenApply((Optional<JobEvent> e) -> e.map(ev -> Pair.create(i + 1, ev))))
                .map(e -> ServerSentEvent.create(e.json(), Optional.of(e.kind()), Optional.of(Long.toString(e.id())),
                        java.util.OptionalInt.empty()))
                .keepAlive(KEEP_ALIVE, ServerSentEvent::heartbeat);
    }

    /** The id in a {@code Last-Event-ID} header; 0 when absent. 400 for anything but a non-negative integer. */
    public static long lastEventId(Optional<String> header) {
        if (header.isEmpty() || header.get().isBlank()) {
            return 0;
        }
        try {
            long id = Long.parseLong(header.get().strip());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw dev.epic.gateway.ApiError.badRequest("invalid_last_event_id",
                "Last-Event-ID must be the id of an event of this stream (a non-negative integer), not '" + header.get() + "'");
    }
}
