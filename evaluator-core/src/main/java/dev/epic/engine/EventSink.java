package dev.epic.engine;

/** Receives events; may be called from several threads at once. */
@FunctionalInterface
public interface EventSink {
    EventSink NONE = e -> { };

    void accept(Event event);
}
