package dev.epic.gateway.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.epic.gateway.ApiError;
import dev.epic.lang.syntax.CompileException;
import dev.epic.lang.syntax.Diagnostic;

/** A program that does not compile, as the API reports it. */
public final class CompileErrors {
    private CompileErrors() {}

    /** A 400 {@code compile_error} carrying every diagnostic, the first one's position at the top. */
    public static ApiError toApiError(ObjectMapper json, CompileException e) {
        ArrayNode all = json.createArrayNode();
        for (Diagnostic d : e.diagnostics()) {
            ObjectNode o = all.addObject();
            o.put("line", d.span().line());
            o.put("column", d.span().column());
            o.put("message", d.message());
        }
        Diagnostic first = e.diagnostics().get(0);
        return ApiError.inProgram("compile_error", first.message(), first.span().line(), first.span().column(), all);
    }
}
