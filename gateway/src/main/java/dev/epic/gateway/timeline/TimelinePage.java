package dev.epic.gateway.timeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.gateway.jobs.Job;
import dev.epic.gateway.jobs.JobEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The timeline page of a job: one self-contained HTML file (inline SVG and script, nothing fetched from
 * elsewhere) with the job's events so far embedded, so it draws at once; while the job runs, the script
 * follows the event stream from the last embedded event id and keeps drawing.
 */
public final class TimelinePage {
    private static final String TEMPLATE = load();

    private TimelinePage() {}

    private static String load() {
        try (InputStream in = TimelinePage.class.getResourceAsStream("/dev/epic/gateway/timeline/timeline.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String render(ObjectMapper json, Job.EventReader reader) {
        Job job = reader.job();
        ObjectNode data = json.createObjectNode();
        data.put("id", job.id());
        data.put("state", job.state().label());
        data.put("engine", job.request().engine());
        data.put("run", job.run());
        // The events are read before the state, so "finished" never claims more than the embedded events show.
        java.util.List<JobEvent> events = reader.snapshot();
        boolean finished = !events.isEmpty() && JobEvent.DONE.equals(events.get(events.size() - 1).kind());
        data.put("finished", finished);
        ArrayNode arr = data.putArray("events");
        for (JobEvent e : events) {
            try {
                arr.add(json.readTree(e.json()));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        // Inside <script>, "</script>" or "<!--" in a string would end the element early.
        String embedded = data.toString().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        return TEMPLATE.replace("{{JOB_ID}}", job.id()).replace("{{JOB_JSON}}", embedded);
    }
}
