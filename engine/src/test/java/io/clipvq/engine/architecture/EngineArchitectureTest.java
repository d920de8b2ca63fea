package io.clipvq.engine.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The engine is a plain Java runtime library that the worker ships: its main classes name no application framework,
 * messaging or database API, no DJL, and none of the modules built on top of it (worker, trainer, dev stack) nor the
 * model builders (model-build, which only its tests use); and its packages have no cycles.
 */
class EngineArchitectureTest {
    private static JavaClasses engine;

    @BeforeAll
    static void importClasses() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.clipvq.engine");
    }

    @Test
    void should_import_classes() {
        // guards the rules below against passing on an empty import
        org.assertj.core.api.Assertions.assertThat(engine.contain("io.clipvq.engine.OnnxTextToImageEngine")).isTrue();
    }

    @Test
    void should_name_no_framework_messaging_database_or_training_api() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta.enterprise..",
                        "org.apache.kafka..", "java.sql..", "javax.sql..", "ai.djl..")
                .check(engine);
    }

    @Test
    void should_name_no_module_built_on_top_of_it_nor_the_model_builders() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.clipvq.worker..", "io.clipvq.trainer..",
                        "io.clipvq.devstack..", "io.clipvq.modelbuild..")
                .check(engine);
    }

    @Test
    void should_have_no_package_cycles() {
        // one slice per package, the root package io.clipvq.engine included
        slices().matching("io.clipvq.(**)").should().beFreeOfCycles().check(engine);
    }
}
