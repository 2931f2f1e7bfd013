package dev.epic.tools;

import dev.epic.spi.ExternalFunction;
import dev.epic.spi.ExternalCallException;
import dev.epic.lang.value.Value;
import dev.epic.lang.value.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code File.read(path)}: reads a CSV file as a list of rows, each a list of floats; the first line is a
 * header and is skipped. Paths are relative to a directory the host chooses (the program's directory for
 * {@code epic run}, the configured data directory for the gateway) and may not leave it: absolute paths,
 * {@code ..} and symbolic links that point outside are refused. Reading happens off the calling thread, because
 * the runtime requires external functions not to block it: on the host's executor (the gateway passes its
 * bounded blocking pool), or else on a small shared pool of {@value #DEFAULT_THREADS} threads, so a program
 * reading many files at once queues its reads instead of starting a thread for each.
 */
public final class FileReadTool implements ExternalFunction {
    static final int DEFAULT_THREADS = 4;

    /** The shared pool, made on first use. */
    private static final class DefaultPool {
        static final ExecutorService IO = Executors.newFixedThreadPool(DEFAULT_THREADS, r -> {
            Thread t = new Thread(r, "epic-file-read");
            t.setDaemon(true);
            return t;
        });
    }

    private final Path root;
    private final long maxBytes;
    private final Executor io;

    /**
     * {@code File.read} for a host that gives programs no directory: programs that use it pass the scope check,
     * and each call fails saying so. Hosts that give one register a {@link FileReadTool} in its place.
     */
    public static ExternalFunction withoutDirectory() {
        return new ExternalFunction() {
            public String name() {
                return "File.read";
            }

            public int arity() {
                return 1;
            }

            public CompletionStage<Value> call(List<Value> args) {
                return CompletableFuture.failedFuture(new ExternalCallException(
                        "File.read is not available here: the host gave the program no data directory"));
            }
        };
    }

    /** {@code root} must exist; files larger than {@code maxBytes} are refused. Reads on the shared pool. */
    public FileReadTool(Path root, long maxBytes) {
        this(root, maxBytes, null);
    }

    /** As {@link #FileReadTool(Path, long)}, reading on {@code io} (null: the shared pool). */
    public FileReadTool(Path root, long maxBytes, Executor io) {
        this.root = root.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.io = io;
    }

    @Override
    public String name() {
        return "File.read";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public CompletionStage<Value> call(List<Value> args) {
        Value a = Values.deref(args.get(0));
        if (!(a instanceof Value.Str)) {
            return CompletableFuture.failedFuture(new ExternalCallException(
                    "File.read expects a path as a string but got " + Values.preview(a, 200)));
        }
        String name = ((Value.Str) a).value();
        return CompletableFuture.supplyAsync(() -> read(name), io != null ? io : DefaultPool.IO);
    }

    /** The file's rows; throws {@link ExternalCallException} with a message the program's error shows. */
    Value read(String name) {
        Path file = confined(name);
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new ExternalCallException("File.read: " + name + " is " + size + " bytes; the limit is " + maxBytes);
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<Value> rows = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty()) {
                    continue;
                }
                List<Value> fields = new ArrayList<>();
                for (String f : line.split(",", -1)) {
                    try {
                        fields.add(new Value.Flt(Double.parseDouble(f.strip())));
                    } catch (NumberFormatException e) {
                        throw new ExternalCallException("File.read: " + name + " line " + (i + 1) + ": '" + f.strip()
                                + "' is not a number");
                    }
                }
                rows.add(Values.fromList(fields));
            }
            return Values.fromList(rows);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ExternalCallException("File.read: no such file: " + name);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ExternalCallException("File.read: " + name + " is not UTF-8 text");
        } catch (IOException e) {
            throw new ExternalCallException("File.read: cannot read " + name + ": " + e.getClass().getSimpleName());
        }
    }

    private Path confined(String name) {
        Path p;
        try {
            p = Path.of(name);
        } catch (InvalidPathException e) {
            throw new ExternalCallException("File.read: not a valid path: " + name);
        }
        if (p.isAbsolute() || name.isEmpty()) {
            throw new ExternalCallException("File.read: " + name + " must be a path relative to the data directory");
        }
        Path resolved = root.resolve(p).normalize();
        if (!resolved.startsWith(root)) {
            throw new ExternalCallException("File.read: " + name + " is outside the data directory");
        }
        if (Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
            try {
                // A symbolic link inside the directory may point anywhere: compare real paths too.
                if (!resolved.toRealPath().startsWith(root.toRealPath())) {
                    throw new ExternalCallException("File.read: " + name + " is outside the data directory");
                }
            } catch (IOException e) {
                throw new ExternalCallException("File.read: no such file: " + name);
            }
        }
        return resolved;
    }
}
