package dev.epic.cluster.models;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * The size check of a message to or from the cluster's batcher: Artery drops a message larger than its large
 * frame ({@code pekko.remote.artery.advanced.maximum-large-frame-size}) with only a log line, which would
 * leave a caller waiting. Measured by serializing the message as Artery will (a prompt and an answer are
 * plain data, so this costs one more encoding and guesses nothing).
 */
final class FrameLimit {
    /** Room for Artery's envelope around the serialized message. */
    private static final long ENVELOPE = 4096;

    private final Serialization serialization;
    private final long maxBytes;

    private FrameLimit(Serialization serialization, long maxBytes) {
        this.serialization = serialization;
        this.maxBytes = maxBytes;
    }

    static FrameLimit of(ActorSystem<?> system) {
        long frame = system.settings().config().getBytes("pekko.remote.artery.advanced.maximum-large-frame-size");
        return new FrameLimit(SerializationExtension.get(Adapter.toClassic(system)), frame - ENVELOPE);
    }

    /** Null if {@code message} fits in one large frame, else the error to report about {@code what}. */
    String check(Object message, String what) {
        long size;
        try {
            size = serialization.serialize(message).get().length;
        } catch (Exception e) {
            return what + " cannot be sent to the cluster's batcher: " + e.getMessage();
        }
        if (size <= maxBytes) {
            return null;
        }
        return what + " take " + size + " bytes, more than one message between cluster members may (" + maxBytes
                + "; see pekko.remote.artery.advanced.maximum-large-frame-size)";
    }
}
