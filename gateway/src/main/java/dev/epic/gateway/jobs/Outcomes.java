package dev.epic.gateway.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.epic.gateway.ApiError;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.cluster.RunJson;
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
        return of(json, r, java.util.List.of(), 0);
    }

    /**
     * As {@link #of(ObjectMapper, RunResult)}, with {@code stats.nodes}: what each worker node did (cluster runs);
     * positions in the job's text are reported {@code lineShift} lines earlier (a self-contained program's
     * first lines are not the client's).
     */
    static ObjectNode of(ObjectMapper json, RunResult r, java.util.List<dev.epic.cluster.NodeReport> nodes, int lineShift) {
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
            EvalError e = r.error();
            Span at = e.span();
            String message = e.getMessage();
            if (lineShift != 0) {
                at = shifted(at, lineShift);
                message = shifted(message, lineShift);
            }
            ObjectNode err = error(json, codeOf(e), message, at, null);
            if (!e.trace().isEmpty()) {
                var trace = err.putArray("trace");
                e.trace().forEach(t -> trace.add(lineShift == 0 ? t : shifted(t, lineShift)));
            }
            o.set("error", err);
        }
        RunStats s = r.stats();
        ObjectNode st = o.putObject("stats");
        RunJson.putStats(st, s);
        if (!nodes.isEmpty()) {
            RunJson.putNodes(st.putArray("nodes"), nodes);
        }
        return o;
    }

    private static Span shifted(Span at, int lines) {
        if (at == null || !JobCompiler.SOURCE_NAME.equals(at.file()) || at.line() <= lines) {
            return at;
        }
        return new Span(at.file(), at.line() - lines, at.column());
    }

    private static final java.util.regex.Pattern POSITION = java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote(JobCompiler.SOURCE_NAME) + ":(\\d+):");

    /** Positions {@code job.epic:LINE:} in a message or trace line, moved up {@code lines}. */
    private static String shifted(String text, int lines) {
        if (text == null) {
            return null;
        }
        java.util.regex.Matcher m = POSITION.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int line = Integer.parseInt(m.group(1));
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(
                    JobCompiler.SOURCE_NAME + ":" + (line > lines ? line - lines : line) + ":"));
        }
        m.appendTail(sb);
        return sb.toString();
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
            case MEMORY:
                return "memory_limit";
            case INTERNAL:
                return "internal_error";
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
        RunJson.putEvent(o, e);
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
