package io.clipvq.client.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The client's dependency rules (docs/architecture.md, Modules): it talks to the workers only through what
 * api-contracts defines (Kafka messages, the status queries on the database), so it never uses worker, engine,
 * trainer, Quarkus or DJL code; and its packages have no cycles.
 */
class ClientArchitectureTest {
    private static JavaClasses client;

    @BeforeAll
    static void importClasses() {
        client = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.clipvq.client");
    }

    @Test
    void should_have_no_package_cycles() {
        // one level up, so that the root package io.clipvq.client (and not only its sub-packages) is a slice too
        slices().matching("io.clipvq.(**)").should().beFreeOfCycles().check(client);
    }

    @Test
    void should_use_no_worker_engine_or_trainer_code() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.clipvq.worker..", "io.clipvq.engine..",
                "io.clipvq.trainer..").check(client);
    }

    @Test
    void should_use_neither_quarkus_nor_djl() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "ai.djl..").check(client);
    }
}
