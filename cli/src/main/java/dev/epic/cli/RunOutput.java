package dev.epic.cli;

import dev.epic.lang.eval.EvalError;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.io.PrintWriter;

/** How {@code epic run} ends, for every kind of run: the value on stdout, or the error on stderr; the exit status. */
final class RunOutput {
    private RunOutput() {}

    /** The printed form of {@code v}; null, with the error on {@code err}, when it is nested too deeply to print. */
    static String display(Value v, String program, PrintWriter err) {
        try {
            return Values.display(v);
        } catch (StackOverflowError overflow) {
            err.println(program + ": error: the program's value is nested too deeply to print");
            err.flush();
            return null;
        }
    }

    /**
     * Prints {@code printed} (the run's value, or null when it could not be printed) or {@code error}, with where the
     * details of a fault in EPIC went; 0 for a value, 1 otherwise.
     */
    static int finish(PrintWriter out, PrintWriter err, String printed, EvalError error, String program) {
        if (error == null) {
            if (printed == null) {
                return 1;
            }
            out.println(printed);
            out.flush();
            return 0;
        }
        err.println(error.format());
        String details = InternalLog.record(error, program);
        if (details != null) {
            err.println(details);
        }
        err.flush();
        return 1;
    }
}
