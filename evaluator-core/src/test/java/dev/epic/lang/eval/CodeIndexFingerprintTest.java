package dev.epic.lang.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.host.StandardLanguage;
import dev.epic.lang.syntax.Source;
import dev.epic.tools.ExternalRegistry;
import org.junit.jupiter.api.Test;

/** The fingerprint that cluster members compare before running a job's closures. */
class CodeIndexFingerprintTest {
    private static String fingerprint(String text) {
        return StandardLanguage.compile(new Source("job.epic", text), ExternalRegistry.withDefaults()).index().fingerprint();
    }

    @Test
    void theSameTextFingerprintsAlikeEachTimeItIsCompiled() {
        String p = "let f = fun x -> x + 1 in List.map f [1, 2, 3]";
        assertThat(fingerprint(p)).isEqualTo(fingerprint(p));
    }

    @Test
    void programsOfEqualShapeButDifferentCodeFingerprintDifferently() {
        // Same numbers of code nodes, function literals and globals: only the code differs.
        String a = fingerprint("let f = fun x -> x + 1 in List.map f [1, 2, 3]");
        String b = fingerprint("let f = fun x -> x * 2 in List.map f [1, 2, 3]");
        String c = fingerprint("let f = fun x -> x + 7 in List.map f [1, 2, 3]");
        String d = fingerprint("let g = fun x -> x + 1 in\nList.map g [1, 2, 3]");
        assertThat(a.substring(0, a.lastIndexOf('/'))).isEqualTo(b.substring(0, b.lastIndexOf('/')));
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c).isNotEqualTo(d);
        assertThat(b).isNotEqualTo(c);
    }
}
