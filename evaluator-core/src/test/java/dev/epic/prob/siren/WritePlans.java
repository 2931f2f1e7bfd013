package dev.epic.prob.siren;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the generated programs as files, for running them with {@code epic run}:
 * {@code java … dev.epic.prob.siren.WritePlans OUT [benchmark…]} writes {@code OUT/NAME/planN.si} for every plan,
 * {@code OUT/NAME/default.si} (the unannotated program) and a copy of the data in {@code OUT/NAME/data/}, so that
 * each program's {@code File.read("data/NAME.csv")} resolves next to it.
 */
public final class WritePlans {
    private WritePlans() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        List<String> names = new ArrayList<>(List.of(args).subList(1, args.length));
        if (names.isEmpty()) {
            names.addAll(SirenBenchmark.NAMES);
        }
        for (String name : names) {
            SirenBenchmark b = SirenBenchmark.load(name);
            Path dir = out.resolve(name);
            Files.createDirectories(dir.resolve("data"));
            Files.copy(b.dir().resolve("data").resolve(name + ".csv"), dir.resolve("data").resolve(name + ".csv"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve("default.si"), b.unannotated(), StandardCharsets.UTF_8);
            for (int id = 0; id < b.planCount(); id++) {
                Files.writeString(dir.resolve("plan" + id + ".si"), b.plan(id), StandardCharsets.UTF_8);
            }
            System.out.println(dir + ": default.si and " + b.planCount() + " plans");
        }
    }
}
