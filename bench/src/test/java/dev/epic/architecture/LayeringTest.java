package dev.epic.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of EPIC's production classes (docs/architecture.md), checked on the class files of every module
 * but cluster-bootstrap (which only adds a ClusterJoin implementation and is kept off this class path because it
 * brings an older Pekko module). It lives in the bench module because that is the one module that sees all the
 * others. Plain JUnit tests over one import of the classes, so Surefire's -Dtest selects them like any other.
 */
class LayeringTest {
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.epic");
    }

    /** The language is pure: no actors, no logging back-end, nothing that plugs into it or sits above it. */
    @Test
    void theLanguageImportsNothingAboveIt() {
        noClasses()
                .that().resideInAPackage("dev.epic.lang..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.pekko..", "ch.qos.logback..", "org.slf4j..",
                        "dev.epic.spi..", "dev.epic.tools..", "dev.epic.host..",
                        "dev.epic.engine..", "dev.epic.runtime..", "dev.epic.model..", "dev.epic.pasta..", "dev.epic.prob..",
                        "dev.epic.cluster..", "dev.epic.gateway..", "dev.epic.cli..", "dev.epic.bench..")
                .because("the language package is the pure core every engine and extension builds on")
                .check(production);
    }

    /** The plugin interfaces know only the language; the concrete tools are not part of them. */
    @Test
    void theSpiKnowsOnlyTheLanguage() {
        noClasses()
                .that().resideInAPackage("dev.epic.spi..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.pekko..", "dev.epic.tools..", "dev.epic.host..", "dev.epic.engine..",
                        "dev.epic.runtime..", "dev.epic.model..", "dev.epic.pasta..", "dev.epic.prob..",
                        "dev.epic.cluster..", "dev.epic.gateway..", "dev.epic.cli..", "dev.epic.bench..")
                .check(production);
    }

    @Test
    void evaluatorCoreKnowsNoModuleAboveIt() {
        noClasses()
                .that().resideInAnyPackage("dev.epic.lang..", "dev.epic.spi..", "dev.epic.tools..", "dev.epic.host..",
                        "dev.epic.engine..", "dev.epic.runtime..", "dev.epic.model..", "dev.epic.pasta..", "dev.epic.prob..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.epic.cluster..", "dev.epic.gateway..", "dev.epic.cli..", "dev.epic.bench..")
                .check(production);
    }

    @Test
    void theClusterKnowsNoModuleAboveIt() {
        noClasses()
                .that().resideInAPackage("dev.epic.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.epic.gateway..", "dev.epic.cli..", "dev.epic.bench..")
                .check(production);
    }

    @Test
    void theGatewayImportsNoCommandLineClass() {
        noClasses()
                .that().resideInAPackage("dev.epic.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.epic.cli..", "dev.epic.bench..")
                .check(production);
    }

    @Test
    void noProductionClassImportsTheBenchmarks() {
        noClasses()
                .that().resideOutsideOfPackage("dev.epic.bench..")
                .should().dependOnClassesThat().resideInAPackage("dev.epic.bench..")
                .because("benchmarks, baselines and their tools are not part of any production module")
                .check(production);
    }

    @Test
    void noCyclesBetweenTheLanguagePackages() {
        slices().matching("dev.epic.lang.(*)..").should().beFreeOfCycles()
                .check(production);
    }

    @Test
    void noCyclesBetweenTopLevelPackages() {
        slices()
                .matching("dev.epic.(*)..").should().beFreeOfCycles()
                .check(production);
    }
}
