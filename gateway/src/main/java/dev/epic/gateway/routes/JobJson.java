package dev.epic.gateway.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.gateway.jobs.Job;

/** A job as the API shows it. */
final class JobJson {
    private JobJson() {}

    static ObjectNode urls(ObjectMapper json, Job j) {
        ObjectNode u = json.createObjectNode();
        u.put("self", "/v1/jobs/" + j.id());
        u.put("events", "/v1/jobs/" + j.id() + "/events");
        u.put("timeline", "/jobs/" + j.id() + "/timeline");
        return u;
    }

    /** Summary (lists) or full (with result or error and stats). */
    static ObjectNode of(ObjectMapper json, Job j, boolean full) {
        ObjectNode o = json.createObjectNode();
        o.put("id", j.id());
        o.put("state", j.state().label());
        o.put("engine", j.request().engine());
        o.put("submitted_at", java.time.Instant.ofEpochMilli(j.submittedAt()).toString());
        Long started = j.startedAt();
        Long finished = j.finishedAt();
        if (started != null) {
            o.put("started_at", java.time.Instant.ofEpochMilli(started).toString());
        } else {
            o.putNull("started_at");
        }
        if (finished != null) {
            o.put("finished_at", java.time.Instant.ofEpochMilli(finished).toString());
        } else {
            o.putNull("finished_at");
        }
        if (full) {
            ObjectNode limits = o.putObject("limits");
            limits.put("max_steps", j.request().maxSteps());
            limits.put("timeout_s", j.request().timeout().toMillis() / 1000.0);
            limits.put("max_memory_mb", j.request().maxMemoryBytes() / (1024.0 * 1024.0));
            ObjectNode outcome = j.outcome();
            if (outcome != null) {
                o.setAll(outcome);
            }
            o.put("event_count", j.eventCount());
        }
        o.set("urls", urls(json, j));
        return o;
    }
}
