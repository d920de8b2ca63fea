package io.clipvq.trainer.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The trainer's package rules (docs/worlds.md): no package cycles, and worlds are plug-ins: the generic packages and
 * the world interface never name the Fashion-MNIST world, eval never names any world (it scores through
 * {@link io.clipvq.trainer.worlds.GeneratedImageCheck}), and one world never reaches into another.
 */
class TrainerArchitectureTest {
    private static JavaClasses trainer;

    @BeforeAll
    static void importClasses() {
        trainer = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.clipvq.trainer");
    }

    @Test
    void should_have_no_package_cycles() {
        slices().matching("io.clipvq.trainer.(**)").should().beFreeOfCycles().check(trainer);
    }

    @Test
    void should_keep_the_generic_packages_free_of_the_fashion_mnist_world() {
        noClasses().that().resideOutsideOfPackage("io.clipvq.trainer.worlds.fashionmnist..")
                .should().dependOnClassesThat().resideInAPackage("io.clipvq.trainer.worlds.fashionmnist..")
                .check(trainer);
    }

    @Test
    void should_keep_eval_free_of_every_world_implementation() {
        noClasses().that().resideInAPackage("io.clipvq.trainer.eval..")
                .should().dependOnClassesThat().resideInAnyPackage("io.clipvq.trainer.worlds.shapes..",
                        "io.clipvq.trainer.worlds.fashionmnist..")
                .check(trainer);
        noClasses().that().resideInAPackage("io.clipvq.trainer.eval..")
                .should().dependOnClassesThat().resideInAPackage("io.clipvq.trainer.worlds.(*)..")
                .as("no class in eval should depend on a class in a world's package (io.clipvq.trainer.worlds.*)")
                .check(trainer);
    }

    @Test
    void should_keep_the_worlds_apart() {
        noClasses().that().resideInAPackage("io.clipvq.trainer.worlds.shapes..")
                .should().dependOnClassesThat().resideInAPackage("io.clipvq.trainer.worlds.fashionmnist..")
                .check(trainer);
        noClasses().that().resideInAPackage("io.clipvq.trainer.worlds.fashionmnist..")
                .should().dependOnClassesThat().resideInAPackage("io.clipvq.trainer.worlds.shapes..")
                .check(trainer);
    }

    @Test
    void should_keep_the_world_interface_free_of_any_world() {
        noClasses().that().resideInAPackage("io.clipvq.trainer.worlds")
                .should().dependOnClassesThat().resideInAnyPackage("io.clipvq.trainer.worlds.shapes..",
                        "io.clipvq.trainer.worlds.fashionmnist..")
                .check(trainer);
    }
}
