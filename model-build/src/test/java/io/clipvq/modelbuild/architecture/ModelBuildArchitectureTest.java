package io.clipvq.modelbuild.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * model-build writes bundles from contracts and weights alone: its main classes name no application framework,
 * messaging or database API, none of the engine (whose tests depend on model-build, so the dependency may only point
 * that way) and none of the modules that use it; and its packages have no cycles.
 */
class ModelBuildArchitectureTest {
    private static JavaClasses modelBuild;

    @BeforeAll
    static void importClasses() {
        modelBuild = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.clipvq.modelbuild");
    }

    @Test
    void should_import_classes() {
        // guards the rules below against passing on an empty import
        org.assertj.core.api.Assertions.assertThat(modelBuild.contain("io.clipvq.modelbuild.bundle.BundleWriter"))
                .isTrue();
    }

    @Test
    void should_name_no_framework_messaging_or_database_api() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta.enterprise..",
                        "org.apache.kafka..", "java.sql..", "javax.sql..")
                .check(modelBuild);
    }

    @Test
    void should_name_neither_the_engine_nor_the_modules_that_use_it() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.clipvq.engine..", "io.clipvq.worker..",
                        "io.clipvq.trainer..", "io.clipvq.devstack..")
                .check(modelBuild);
    }

    @Test
    void should_have_no_package_cycles() {
        slices().matching("io.clipvq.(**)").should().beFreeOfCycles().check(modelBuild);
    }
}
