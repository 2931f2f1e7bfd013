package dev.epic.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The {@code epic} command run in this JVM, as the command-line tests see it: exit status, stdout, stderr. */
final class CliRun {
    private CliRun() {}

    record Outcome(int code, String out, String err) {}

    static Outcome epic(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }
}
