package dev.epic.lang.builtins;

import dev.epic.lang.LanguageModule;
import dev.epic.lang.compile.Globals;

/**
 * The language's own builtins: primitives on host values, {@code fold}, {@code print}, strings, lists and
 * JSON in Java, then the prelude ({@code prelude.epic}): Church booleans and {@code if}, pairs, options and the
 * list library, written in EPIC.
 */
public final class CoreModule implements LanguageModule {
    public static final CoreModule INSTANCE = new CoreModule();

    private CoreModule() {}

    @Override
    public String name() {
        return "core";
    }

    @Override
    public void defineNatives(Globals globals) {
        Natives.install(globals);
    }

    @Override
    public String prelude() {
        return LanguageModule.resource(CoreModule.class, "prelude.epic");
    }
}
