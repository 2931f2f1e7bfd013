package dev.epic.gateway.jobs;

/** Where a job is in its life. The last three are final. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** The name in JSON, the database and metrics. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    public static JobState of(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
