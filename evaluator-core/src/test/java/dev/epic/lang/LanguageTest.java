package dev.epic.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.epic.engine.RunOptions;
import dev.epic.engine.RunResult;
import dev.epic.engine.SequentialEngine;
import dev.epic.lang.builtins.CoreModule;
import dev.epic.lang.builtins.SimpleBuiltin;
import dev.epic.lang.compile.Compiler;
import dev.epic.lang.compile.Globals;
import dev.epic.lang.compile.Program;
import dev.epic.lang.eval.Builtin.Strictness;
import dev.epic.lang.syntax.CompileException;
import dev.epic.lang.syntax.Source;
import dev.epic.lang.value.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A language is built from modules: each adds Java builtins and a prelude fragment, in order. */
class LanguageTest {

    /** A tiny module: a native {@code Demo.twice} and a prelude function built on it and on the core prelude. */
    private static final LanguageModule DEMO = new LanguageModule() {
        public String name() {
            return "demo";
        }

        public void defineNatives(Globals globals) {
            globals.define("Demo.twice", new SimpleBuiltin("Demo.twice", 1, Strictness.SHALLOW,
                    (args, site) -> Value.Int.of(2 * ((Value.Int) args[0]).value())));
        }

        public String prelude() {
            return "val Demo.twice_all = fun xs -> List.map Demo.twice xs in\n";
        }
    };

    private static String run(Language language, String text) {
        Program p = language.compile(new Source("t.epic", text), List.of());
        RunResult r = new SequentialEngine().run(p, RunOptions.defaults());
        return r.display();
    }

    @Test
    void aModulesNativesAndPreludeAreGlobalsOfTheLanguage() {
        Language language = Language.of(CoreModule.INSTANCE, DEMO);

        assertThat(run(language, "Demo.twice_all [1, 2, 3]")).isEqualTo("[2, 4, 6]");
        assertThat(language.modules()).containsExactly(CoreModule.INSTANCE, DEMO);
    }

    @Test
    void aNameNoModuleDefinesIsUnbound() {
        Language core = Language.of(CoreModule.INSTANCE);

        assertThatThrownBy(() -> core.compile(new Source("t.epic", "Demo.twice 2"), List.of()))
                .isInstanceOf(CompileException.class)
                .hasMessageContaining("t.epic:1:1")
                .hasMessageContaining("unbound name Demo.twice");
    }

    @Test
    void aRandomVariableWithoutAModuleDefiningItsGlobalIsUnboundAtTheLet() {
        Language core = Language.of(CoreModule.INSTANCE);

        assertThatThrownBy(() -> core.compile(new Source("t.epic", "let d = 1 in\n  let sample x <- d in x"), List.of()))
                .isInstanceOf(CompileException.class)
                .satisfies(e -> assertThat(((CompileException) e).diagnostics()).singleElement()
                        .satisfies(d -> {
                            assertThat(d.span().lineColumn()).isEqualTo("2:3");
                            assertThat(d.message()).isEqualTo("unbound name " + Compiler.ASSUME);
                        }));
    }

    @Test
    void aRandomVariableIsBoundToWhatTheModulesAssumeMakesOfItsAnnotationNameAndDistribution() {
        LanguageModule recording = new LanguageModule() {
            public String name() {
                return "record";
            }

            public void defineNatives(Globals globals) {
            }

            public String prelude() {
                return "val " + Compiler.ASSUME + " = fun (annotation, name, d) -> (annotation, name, d) in\n";
            }
        };
        Language language = Language.of(CoreModule.INSTANCE, recording);

        assertThat(run(language, "let symbolic mu <- 3 in\nlet x <- 4 in\n(mu, x)"))
                .isEqualTo("((\"symbolic\", \"mu\", 3), (\"\", \"x\", 4))");
    }

    @Test
    void hostBindingsHideModuleGlobals() {
        Language core = Language.of(CoreModule.INSTANCE);

        Program p = core.compile(new Source("t.epic", "List.len"), List.of(), Map.of("List.len", Value.Int.of(7)));

        assertThat(new SequentialEngine().run(p, RunOptions.defaults()).display()).isEqualTo("7");
    }
}
