package dev.epic.cli;

import dev.epic.lang.eval.EvalError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Where the command line puts the Java details of a fault in EPIC itself (an internal error, or the heap running out):
 * the terminal gets the positioned error line and this file's name; the file gets the stack trace. The file is
 * {@code EPIC_LOG_FILE} if set, else {@code epic-internal.log} in the temporary directory.
 */
final class InternalLog {
    private InternalLog() {}

    static Path file() {
        String env = System.getenv("EPIC_LOG_FILE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("java.io.tmpdir"), "epic-internal.log");
    }

    /** The line to add after the error on stderr, or null when {@code e} is the program's own error. */
    static String record(EvalError e, String program) {
        return record(e, program, file());
    }

    static String record(EvalError e, String program, Path file) {
        if (e.kind() != EvalError.Kind.INTERNAL && e.kind() != EvalError.Kind.FATAL || e.getCause() == null) {
            return null;
        }
        StringWriter trace = new StringWriter();
        e.getCause().printStackTrace(new PrintWriter(trace));
        String entry = Instant.now() + " " + program + ": " + e.format() + "\n" + trace + "\n";
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, entry, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return "epic: this is a fault in EPIC, not in the program; its details are in " + file;
        } catch (IOException | RuntimeException io) {
            return "epic: this is a fault in EPIC, not in the program (its details could not be written to " + file + ")";
        }
    }
}
