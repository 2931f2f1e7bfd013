package dev.epic.cli;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code --exit-with-parent}: the process exits when its standard input closes, which happens when the process
 * that started it (holding the other end of the pipe) dies, even by kill -9. Lets a test or a supervisor that
 * starts nodes be sure none outlives it. The exit runs the JVM's shutdown hooks (coordinated shutdown).
 */
final class ParentWatch {
    private ParentWatch() {}

    static void exitWhenStdinCloses() {
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // Input is not used; only its end matters.
                }
            } catch (IOException e) {
                // A broken pipe is the parent's end too.
            }
            System.exit(3);
        }, "epic-parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
