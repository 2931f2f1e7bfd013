package dev.epic.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the command's output goes to a person: progress is for terminals only. */
final class Terminals {
    private Terminals() {}

    /**
     * Whether stderr is a terminal: on Linux, whether file descriptor 2 is a tty device; elsewhere, whether the JVM
     * has a console (stdin and stdout are terminals), the closest Java 17 offers.
     */
    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}
