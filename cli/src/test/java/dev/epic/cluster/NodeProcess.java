package dev.epic.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@code epic} command (a cluster node or the simulated model engine) run as its own JVM on the test class
 * path, its output in a file; {@link #awaitLine} waits for what it prints when ready. Shared with the
 * cluster-bootstrap module's cluster tests through this module's test jar.
 */
public final class NodeProcess implements AutoCloseable {
    /** Every process started, killed when this JVM exits however the tests ended. */
    private static final List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly)));
    }

    private final Process process;
    private final Path log;
    final String name;

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static NodeProcess start(String name, Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m",
                "-cp", System.getProperty("java.class.path"), "dev.epic.cli.Main"));
        cmd.addAll(List.of(args));
        // Its standard input is a pipe from this JVM: if this JVM is killed, the process exits too.
        cmd.add("--exit-with-parent");
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        STARTED.add(p);
        return new NodeProcess(name, p, log);
    }

    /**
     * A port nothing listens on now, for the seed only (its address must be known before it starts; the
     * node binds it a moment later). Other nodes bind port 0.
     */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The first printed line containing {@code marker}; fails if the process exits or the time runs out. */
    public String awaitLine(String marker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : output().split("\n")) {
                if (line.contains(marker)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not print '" + marker + "' within " + timeout + ":\n" + output());
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
