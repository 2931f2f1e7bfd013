package dev.epic.gateway.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.epic.gateway.ApiError;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.engine.Event;
import dev.epic.engine.RunResult;
import dev.epic.engine.RunStats;
import dev.epic.lang.builtins.JsonBuiltins;
import dev.epic.lang.eval.EvalError;
import dev.epic.lang.syntax.Span;
import dev.epic.lang.value.Values;

/** The JSON forms of a job's outcome and events, as stored and as served. */
final class Outcomes {
    private Outcomes() {}

    static JobState stateOf(RunResult r) {
        if (r.ok()) {
            return JobState.SUCCEEDED;
        }
        return r.error().kind() == EvalError.Kind.CANCELLED ? JobState.CANCELLED : JobState.FAILED;
    }

    /** {@code result} (as {@code epic run} prints it), {@code result_json} where the value has a JSON form, {@code error}, {@code stats}. */
    static ObjectNode of(ObjectMapper json, RunResult r) {
        ObjectNode o = json.createObjectNode();
        if (r.ok()) {
            try {
                o.put("result", Values.display(r.value()));
            } catch (StackOverflowError e) {
                o.put("result", "<value nested too deeply to print>");
            }
            try {
                o.set("result_json", JsonBuiltins.toJson(r.value(), Span.NONE));
            } catch (EvalError | StackOverflowError e) {
                o.putNull("result_json");
            }
        } else {
            o.set("error", error(json, codeOf(r.error()), r.error().getMessage(), r.error().span(), r.error()));
        }
        RunStats s = r.stats();
        ObjectNode st = o.putObject("stats");
        st.put("engine", s.engine());
        st.put("wall_ms", s.wallMs());
        st.put("external_calls", s.externalCalls());
        st.put("max_in_flight", s.maxInFlight());
        st.put("reductions", s.reductions());
        return o;
    }

    static ObjectNode cancelledBeforeStart(ObjectMapper json) {
        ObjectNode o = json.createObjectNode();
        o.set("error", error(json, "cancelled", "the job was cancelled before it started", Span.NONE, null));
        return o;
    }

    static ObjectNode failed(ObjectMapper json, String code, String message, Span at) {
        ObjectNode o = json.createObjectNode();
        o.set("error", error(json, code, message, at, null));
        return o;
    }

    private static String codeOf(EvalError e) {
        switch (e.kind()) {
            case STEP_LIMIT:
                return "step_limit";
            case TIMEOUT:
                return "timeout";
            case CANCELLED:
                return "cancelled";
            case UNSUPPORTED:
                return "unsupported";
            case EXTERNAL:
                return "external_call_failed";
            default:
                return "evaluation_error";
        }
    }

    /** The error object every error uses: {@code code}, {@code message}, {@code line}, {@code column} (null when none). */
    static ObjectNode error(ObjectMapper json, String code, String message, Span at, EvalError e) {
        ObjectNode err = at == null ? ApiError.object(json, code, message, 0, 0) : ApiError.object(json, code, message, at.line(), at.column());
        if (e != null && !e.trace().isEmpty()) {
            err.putPOJO("trace", e.trace());
        }
        return err;
    }

    /** An engine event as served: {@code id}, {@code t_ms}, {@code kind}, {@code call}, {@code fn}, and {@code text}, {@code value} or {@code message}. */
    static String event(ObjectMapper json, long id, Event e) {
        ObjectNode o = json.createObjectNode();
        o.put("id", id);
        o.put("t_ms", e.tMs());
        o.put("kind", e.kind());
        o.put("call", e.call());
        o.put("fn", e.fn());
        if (e.detail() != null) {
            o.put(Event.OUTPUT.equals(e.kind()) ? "value" : Event.CHUNK.equals(e.kind()) ? "text" : "message", e.detail());
        }
        return o.toString();
    }

    /** The last event: the final state and the outcome. */
    static String done(ObjectMapper json, long id, long tMs, JobState state, ObjectNode outcome) {
        ObjectNode o = json.createObjectNode();
        o.put("id", id);
        o.put("t_ms", tMs);
        o.put("kind", JobEvent.DONE);
        o.put("state", state.label());
        o.setAll(outcome);
        return o.toString();
    }

    static JsonNode parse(ObjectMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored JSON does not parse: " + e.getMessage(), e);
        }
    }
}
