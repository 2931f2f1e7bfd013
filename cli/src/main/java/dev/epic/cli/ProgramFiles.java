package dev.epic.cli;

import dev.epic.host.StandardLanguage;
import dev.epic.lang.Language;
import dev.epic.lang.compile.Program;
import dev.epic.lang.syntax.CompileException;
import dev.epic.lang.syntax.Diagnostic;
import dev.epic.lang.syntax.Source;
import dev.epic.tools.ExternalRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading and compiling a program file for a command, with errors in the command-line form. */
final class ProgramFiles {
    /** Thrown when the file cannot be read: a usage error. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private ProgramFiles() {}

    static Source read(Path file) throws Unreadable {
        try {
            long size = Files.size(file);
            if (size > 4L * Language.MAX_PROGRAM_CHARS) {
                throw new Unreadable(file + ": program is " + size + " bytes; the limit is " + Language.MAX_PROGRAM_CHARS
                        + " characters");
            }
            return new Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Unreadable("cannot read " + file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new Unreadable(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new Unreadable("cannot read " + file + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** Compiles, printing every diagnostic to {@code err}; null if there were any. */
    static Program compile(Source source, ExternalRegistry registry, PrintWriter err) {
        try {
            return StandardLanguage.compile(source, registry);
        } catch (CompileException e) {
            for (Diagnostic d : e.diagnostics()) {
                err.println(d.format());
            }
            err.flush();
            return null;
        }
    }
}
