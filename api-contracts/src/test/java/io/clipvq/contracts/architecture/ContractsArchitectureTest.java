package io.clipvq.contracts.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The contracts' dependency rules (docs/architecture.md, Modules): every other module may use api-contracts, so it
 * uses no other clipvq module (nor Quarkus or DJL), and its packages have no cycles.
 */
class ContractsArchitectureTest {
    private static JavaClasses contracts;

    @BeforeAll
    static void importClasses() {
        contracts = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.clipvq.contracts");
    }

    @Test
    void should_have_no_package_cycles() {
        // one level up, so that the root package io.clipvq.contracts (Seeds) is a slice too
        slices().matching("io.clipvq.(**)").should().beFreeOfCycles().check(contracts);
    }

    @Test
    void should_use_no_other_clipvq_module_nor_quarkus_or_djl() {
        noClasses().should().dependOnClassesThat(resideInAPackage("io.clipvq..")
                        .and(resideOutsideOfPackage("io.clipvq.contracts..")))
                .as("no classes should depend on classes of another clipvq module")
                .check(contracts);
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "ai.djl..").check(contracts);
    }
}
