package dev.epic.cluster.models;

import dev.epic.model.ModelCall;
import dev.epic.model.batch.Batcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The calls a {@link BatcherClient} has sent and not heard the end of, with the batcher host that accepted
 * each. Kept apart from the actor so that the rule of what to send again when a member leaves is tested on
 * its own: only the calls that member accepted, and those no host has accepted yet (they may sit in the
 * singleton proxy's buffer, or be lost on their way to a host that went). A call accepted by a host that is
 * still up is left alone: sending it again would make a second engine call. Not thread-safe (actor state).
 */
final class OpenCalls {
    /** One open call. {@code delivered}: some streamed text reached the caller, so it cannot start over. */
    static final class Open {
        final ModelCall call;
        final ActorRef<Batcher.Reply> replyTo;
        String acceptedBy;
        boolean delivered;

        Open(ModelCall call, ActorRef<Batcher.Reply> replyTo) {
            this.call = call;
            this.replyTo = replyTo;
        }
    }

    /** What to do about the open calls when a member leaves: send these again, fail those. */
    record Lost(List<String> resend, List<String> fail) {}

    private final Map<String, Open> open = new LinkedHashMap<>();

    void add(String id, ModelCall call, ActorRef<Batcher.Reply> replyTo) {
        open.put(id, new Open(call, replyTo));
    }

    Open get(String id) {
        return open.get(id);
    }

    Open remove(String id) {
        return open.remove(id);
    }

    int size() {
        return open.size();
    }

    void accepted(String id, String host) {
        Open o = open.get(id);
        if (o != null) {
            o.acceptedBy = host;
        }
    }

    /**
     * Member {@code address} left. The calls it accepted, or that no host accepted, are to be sent again,
     * except streamed ones whose text has partly reached the caller: those fail. Calls to send again are
     * marked as accepted by no one.
     */
    Lost memberRemoved(String address) {
        List<String> resend = new ArrayList<>();
        List<String> fail = new ArrayList<>();
        for (Map.Entry<String, Open> e : open.entrySet()) {
            Open o = e.getValue();
            if (o.acceptedBy != null && !o.acceptedBy.equals(address)) {
                continue;
            }
            if (o.delivered) {
                fail.add(e.getKey());
            } else {
                o.acceptedBy = null;
                resend.add(e.getKey());
            }
        }
        return new Lost(resend, fail);
    }
}
