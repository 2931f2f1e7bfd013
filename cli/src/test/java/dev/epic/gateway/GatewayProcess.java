package dev.epic.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code epic gateway} in a JVM of its own on the test class path, on a database given by the test; token {@link GatewayFixture#ALICE}. */
final class GatewayProcess implements AutoCloseable {
    final Process process;
    final String baseUrl;

    GatewayProcess(Path database) throws Exception {
        this(database, java.util.List.of());
    }

    /** With {@code jvmOptions} before the class path (a heap size, -D settings). */
    GatewayProcess(Path database, java.util.List<String> jvmOptions) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), "dev.epic.cli.Main", "gateway",
                "--port", "0", "--host", "127.0.0.1", "--database", database.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("EPIC_GATEWAY_TOKENS", GatewayFixture.ALICE);
        process = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String base = null;
        Pattern listening = Pattern.compile("listening on (http://\\S+)");
        for (String line; base == null && (line = out.readLine()) != null; ) {
            Matcher m = listening.matcher(line);
            if (m.find()) {
                base = m.group(1);
            }
        }
        // Null if the process ended before it served (a job it recovered may take it down first).
        baseUrl = base;
        // Keep reading the child's output, so a full pipe buffer can never block its logging.
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // Discarded.
                }
            } catch (java.io.IOException e) {
                // The child ended.
            }
        }, "gateway-process-stdout");
        drain.setDaemon(true);
        drain.start();
    }

    /** The address it serves at, once it does. */
    String baseUrl() {
        assertThat(baseUrl).as("the gateway printed its address").isNotNull();
        return baseUrl;
    }

    /** Waits for the process to end by itself; its exit status. */
    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the gateway process ended").isTrue();
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}
