package dev.epic.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** The {@code epic} command. Runs on a thread with a large stack so deeply nested values can be printed. */
public final class Main {
    private static final long STACK_BYTES = 1L << 29;

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        main(List.of(), args);
    }

    /**
     * The command with {@code extra} subcommands (picocli command objects) beside the built-in ones: a module
     * above this one (the benchmarks) adds its commands this way, so this module never names it.
     */
    public static void main(List<Object> extra, String[] args) throws InterruptedException {
        int[] code = new int[1];
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        Thread t = new Thread(null, () -> code[0] = run(extra, out, err, args), "epic-main", STACK_BYTES);
        t.start();
        t.join();
        System.out.flush();
        System.exit(code[0]);
    }

    /** Runs the command line and returns its exit code: 0 success, 1 error in the program, 2 usage error. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** The same, writing to the given streams (tests use this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(List.of(), out, err, args);
    }

    /** The same with {@code extra} subcommands. */
    public static int run(List<Object> extra, PrintWriter out, PrintWriter err, String... args) {
        // Initialise logging before any actor system logs from several threads at once.
        org.slf4j.LoggerFactory.getLogger(Main.class);
        CommandLine cl = new CommandLine(new EpicCommand());
        extra.forEach(cl::addSubcommand);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("epic: internal error: " + ex);
            return 3;
        });
        return cl.execute(args);
    }
}
