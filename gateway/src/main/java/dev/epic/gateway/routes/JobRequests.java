package dev.epic.gateway.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.gateway.ApiError;
import dev.epic.gateway.GatewaySettings;
import dev.epic.gateway.jobs.JobRequest;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks request bodies: {@code POST /v1/jobs} ({@code program}, {@code args}, {@code limits},
 * {@code engine}) and {@code POST /v1/check} ({@code program}). Every problem is a 400 (413 for a program
 * over the size limit) that names the field.
 */
final class JobRequests {
    private static final Set<String> JOB_FIELDS = Set.of("program", "args", "limits", "engine");
    private static final Set<String> LIMIT_FIELDS = Set.of("max_steps", "timeout_s", "max_memory_mb");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ObjectMapper json;
    private final GatewaySettings.Limits limits;
    private final List<String> engines;

    JobRequests(ObjectMapper json, GatewaySettings.Limits limits, List<String> engines) {
        this.json = json;
        this.limits = limits;
        this.engines = engines;
    }

    ObjectNode object(byte[] body) {
        JsonNode n;
        try {
            n = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("invalid_json", "the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("invalid_json", "the body could not be read as JSON");
        }
        if (n == null || n.isMissingNode()) {
            throw ApiError.badRequest("invalid_json", "the body is empty; expected a JSON object");
        }
        if (!n.isObject()) {
            throw ApiError.badRequest("invalid_request", "the body must be a JSON object, not " + kind(n));
        }
        return (ObjectNode) n;
    }

    String program(ObjectNode body) {
        JsonNode p = body.get("program");
        if (p == null || p.isNull()) {
            throw ApiError.badRequest("invalid_request", "the field 'program' (the program's text) is required");
        }
        if (!p.isTextual()) {
            throw ApiError.badRequest("invalid_request", "'program' must be a string, not " + kind(p));
        }
        String text = p.textValue();
        if (text.length() > limits.maxProgramChars()) {
            throw ApiError.of(413, "program_too_large", "the program is " + text.length() + " characters; the limit is "
                    + limits.maxProgramChars());
        }
        return text;
    }

    /** {@code method} of a check: the inference algorithm a probabilistic program is analysed for (default SSI). */
    dev.epic.prob.infer.Algorithm method(ObjectNode body) {
        JsonNode m = body.get("method");
        if (m == null || m.isNull()) {
            return dev.epic.prob.infer.Algorithm.SSI;
        }
        if (!m.isTextual() || !java.util.Set.of("ssi", "ds", "bp").contains(m.textValue())) {
            throw ApiError.badRequest("invalid_request", "'method' must be \"ssi\", \"ds\" or \"bp\"");
        }
        return dev.epic.prob.infer.Algorithm.valueOf(m.textValue().toUpperCase(java.util.Locale.ROOT));
    }

    JobRequest job(byte[] bytes) {
        return job(bytes, limits);
    }

    /** A job request checked against {@code limits}: those of the token that sends it. */
    JobRequest job(byte[] bytes, GatewaySettings.Limits limits) {
        ObjectNode body = object(bytes);
        unknownFields(body, JOB_FIELDS, "");
        String program = program(body);
        ObjectNode args = args(body.get("args"));
        long maxSteps = limits.defaultMaxSteps();
        Duration timeout = limits.defaultTimeout();
        long maxMemory = limits.defaultMaxMemory();
        JsonNode l = body.get("limits");
        if (l != null && !l.isNull()) {
            if (!l.isObject()) {
                throw ApiError.badRequest("invalid_limits", "'limits' must be an object {max_steps, timeout_s, max_memory_mb}, not " + kind(l));
            }
            unknownFields((ObjectNode) l, LIMIT_FIELDS, "limits.");
            JsonNode s = l.get("max_steps");
            if (s != null && !s.isNull()) {
                if (!s.isIntegralNumber() || !s.canConvertToLong() || s.longValue() <= 0) {
                    throw ApiError.badRequest("invalid_limits", "limits.max_steps must be a positive integer");
                }
                if (s.longValue() > limits.maxSteps()) {
                    throw ApiError.badRequest("limit_too_high", "limits.max_steps is " + s.longValue() + "; this gateway allows at most "
                            + limits.maxSteps());
                }
                maxSteps = s.longValue();
            }
            JsonNode t = l.get("timeout_s");
            if (t != null && !t.isNull()) {
                if (!t.isNumber() || !(t.doubleValue() > 0) || Double.isInfinite(t.doubleValue())) {
                    throw ApiError.badRequest("invalid_limits", "limits.timeout_s must be a positive number of seconds");
                }
                double max = limits.maxTimeout().toMillis() / 1000.0;
                if (t.doubleValue() > max) {
                    throw ApiError.badRequest("limit_too_high", "limits.timeout_s is " + t.doubleValue() + "; this gateway allows at most " + max);
                }
                timeout = Duration.ofMillis(Math.max(1, (long) (t.doubleValue() * 1000)));
            }
            JsonNode m = l.get("max_memory_mb");
            if (m != null && !m.isNull()) {
                if (!m.isNumber() || !(m.doubleValue() > 0) || Double.isInfinite(m.doubleValue())) {
                    throw ApiError.badRequest("invalid_limits", "limits.max_memory_mb must be a positive number of MiB");
                }
                double max = limits.maxMemory() / (1024.0 * 1024.0);
                if (m.doubleValue() > max) {
                    throw ApiError.badRequest("limit_too_high", "limits.max_memory_mb is " + m.doubleValue()
                            + "; this gateway allows at most " + max);
                }
                maxMemory = Math.max(1, (long) (m.doubleValue() * 1024 * 1024));
            }
        }
        String engine = engines.get(0);
        JsonNode e = body.get("engine");
        if (e != null && !e.isNull()) {
            if (!e.isTextual() || !engines.contains(e.textValue())) {
                throw ApiError.badRequest("unknown_engine", "'engine' must be one of " + String.join(", ", engines) + ", not " + e);
            }
            engine = e.textValue();
        }
        return new JobRequest(program, args, maxSteps, timeout, engine, maxMemory);
    }

    /** The arguments, bound in the program as the record {@code args}: field names must be names the program can write. */
    private ObjectNode args(JsonNode a) {
        if (a == null || a.isNull()) {
            return json.createObjectNode();
        }
        if (!a.isObject()) {
            throw ApiError.badRequest("invalid_args", "'args' must be a JSON object (the program reads it as the record args), not " + kind(a));
        }
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!NAME.matcher(name).matches()) {
                throw ApiError.badRequest("invalid_args", "args." + name + ": a field of args must be a name (letters, digits, _), "
                        + "so that the program can refer to it as args.NAME");
            }
        }
        return (ObjectNode) a;
    }

    private static void unknownFields(ObjectNode o, Set<String> known, String prefix) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw ApiError.badRequest("unknown_field", "unknown field '" + prefix + f + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static String kind(JsonNode n) {
        return n.isArray() ? "an array" : n.isTextual() ? "a string" : n.isNumber() ? "a number" : n.isBoolean() ? "a boolean"
                : n.isNull() ? "null" : n.isObject() ? "an object" : "a " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
