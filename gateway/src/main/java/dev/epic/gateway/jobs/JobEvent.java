package dev.epic.gateway.jobs;

/**
 * One event of a job as clients see it: its id (1, 2, 3 … in the order the job produced them; the SSE id and
 * what {@code Last-Event-ID} refers to), its kind ({@code dispatch}, {@code chunk}, {@code resolve},
 * {@code output}, {@code error}, and last {@code done}) and its JSON text.
 */
public record JobEvent(long id, String kind, String json) {
    public static final String DONE = "done";
}
