package dev.epic.model;

/**
 * One call of a model: a prompt, its parameters, and for a streamed call the listener that receives the text
 * as it is decoded.
 */
public record ModelCall(String prompt, GenParams params, StreamListener listener) {
    /** Receives decoded text of a streamed call, choice by choice, in order. Called from I/O threads. */
    @FunctionalInterface
    public interface StreamListener {
        void onText(int choice, String delta);
    }

    public boolean streamed() {
        return listener != null;
    }
}
