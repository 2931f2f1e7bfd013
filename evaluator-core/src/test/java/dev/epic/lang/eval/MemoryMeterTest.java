package dev.epic.lang.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.SequentialEngine;
import dev.epic.lang.Language;
import dev.epic.lang.builtins.CoreModule;
import dev.epic.lang.syntax.Source;
import dev.epic.tools.ExternalRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The meter counts an environment or a closure once however many closures and frames share it (it marks them
 * instead of looking them up in a set), and it still stops a deep stack of frames that say what they refer to.
 */
class MemoryMeterTest {
    private static final long BUDGET = 16L << 20;
    private static final Language LANGUAGE = new Language(List.of(CoreModule.INSTANCE));

    private static RunResult run(String text) {
        return new SequentialEngine().run(
                LANGUAGE.compile(new Source("meter.epic", text), ExternalRegistry.withDefaults().functions()),
                RunOptions.defaults().withMaxMemory(BUDGET));
    }

    @Test
    void countsAnEnvironmentSharedByManyClosuresOnce() {
        // 2 000 closures, each over an environment whose tail holds a list of 100 000 numbers (about 4 MiB), held
        // while 30 MiB more is charged (so the meter looks): counted once per closure, that list alone would be far
        // over the budget.
        RunResult r = run("let big = List.range(0, 100000) in "
                + "let rec make n acc = if n = 0 then acc else make (n - 1) ((fun x -> List.len big + x) :: acc) in "
                + "let fs = make 2000 [] in "
                + "let rec churn k = if k = 0 then 0 else List.len (List.range(0, 20000)) + churn (k - 1) in "
                + "churn 40 + List.len fs");
        assertThat(r.ok()).as(r.ok() ? "" : r.error().format()).isTrue();
        assertThat(r.display()).isEqualTo("802000");
    }

    @Test
    void stopsADeepStackAtItsLimit() {
        RunResult r = run("let rec f n = if n = 0 then 0 else 1 + f (n - 1) in f 100000000");
        assertThat(r.ok()).isFalse();
        assertThat(r.error().kind()).isEqualTo(EvalError.Kind.MEMORY);
        assertThat(r.error().getMessage()).contains("memory limit of 16 MiB exceeded");
    }
}
