package dev.epic.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.SequentialEngine;
import dev.epic.host.StandardLanguage;
import dev.epic.lang.syntax.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReadToolTest {
    @TempDir
    Path dir;

    private RunResult run(Path root, String program) {
        ExternalRegistry r = ExternalRegistry.withDefaults().register(new FileReadTool(root, 1 << 20));
        return new SequentialEngine().run(StandardLanguage.compile(new Source("t.epic", program), r), RunOptions.defaults());
    }

    @Test
    void readsOnTheHostsExecutorWhenGivenOne() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("xs.csv"), "a\n1\n");
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.Executor counting = task -> {
            ran.incrementAndGet();
            task.run();
        };
        ExternalRegistry r = ExternalRegistry.withDefaults().register(new FileReadTool(data, 1 << 20, counting));
        RunResult res = new SequentialEngine().run(StandardLanguage.compile(new Source("t.epic", "(File.read \"xs.csv\", File.read \"xs.csv\")"), r),
                RunOptions.defaults());
        assertThat(res.ok()).as(res.display()).isTrue();
        assertThat(ran).hasValue(2);
    }

    @Test
    void readsRowsOfFloatsSkippingTheHeader() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("xs.csv"), "a,b\n1,2.5\n\n3, 4\n");
        RunResult r = run(data, "File.read \"xs.csv\"");
        assertThat(r.ok()).as(r.display()).isTrue();
        assertThat(r.display()).isEqualTo("[[1.0, 2.5], [3.0, 4.0]]");
    }

    @Test
    void refusesPathsOutsideTheDirectory() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("secret.csv"), "h\n1\n");
        assertThat(run(data, "File.read \"../secret.csv\"").display()).contains("outside the data directory").contains("1:1");
        assertThat(run(data, "File.read \"" + dir.resolve("secret.csv") + "\"").display())
                .contains("must be a path relative to the data directory");
    }

    @Test
    void refusesASymbolicLinkThatLeavesTheDirectory() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("secret.csv"), "h\n1\n");
        Files.createSymbolicLink(data.resolve("link.csv"), dir.resolve("secret.csv"));
        assertThat(run(data, "File.read \"link.csv\"").display()).contains("outside the data directory");
    }

    @Test
    void reportsAFieldThatIsNotANumberWithItsLine() throws IOException {
        Files.writeString(dir.resolve("bad.csv"), "h\n1\nx\n");
        assertThat(run(dir, "File.read \"bad.csv\"").display()).contains("bad.csv line 3: 'x' is not a number");
        assertThat(run(dir, "File.read \"missing.csv\"").display()).contains("no such file: missing.csv");
        assertThat(run(dir, "File.read 3").display()).contains("expects a path as a string");
    }

    @Test
    void refusesAFileOverTheSizeLimit() throws IOException {
        Files.writeString(dir.resolve("big.csv"), "h\n" + "1\n".repeat(100));
        ExternalRegistry r = ExternalRegistry.withDefaults().register(new FileReadTool(dir, 10));
        RunResult res = new SequentialEngine().run(StandardLanguage.compile(new Source("t.epic", "File.read \"big.csv\""), r), RunOptions.defaults());
        assertThat(res.display()).contains("the limit is 10");
    }
}
