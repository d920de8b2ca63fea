package io.clipvq.worker.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.clipvq.worker.intake.Image;
import io.clipvq.worker.intake.JobImages;
import io.clipvq.worker.jobs.Job;
import io.clipvq.worker.jobs.JobLedger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The worker's dependency rules (docs/architecture.md, Modules): it generates on the engine's ONNX Runtime path and
 * never on DJL or trainer code; it loads bundles and never builds them (model-build is in test scope only); the
 * command-line client is its own module, which the worker's code never uses (only its integration tests drive the
 * worker with it); only the jobs package writes the jobs table, and the HTTP API only reads; and its packages have no
 * cycles.
 */
class WorkerArchitectureTest {
    private static JavaClasses worker;

    @BeforeAll
    static void importClasses() {
        worker = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.clipvq.worker");
    }

    @Test
    void should_have_no_package_cycles() {
        // one level up, so that the root package io.clipvq.worker (and not only its sub-packages) is a slice too
        slices().matching("io.clipvq.(**)").should().beFreeOfCycles().check(worker);
    }

    @Test
    void should_never_use_djl_or_the_trainer() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "io.clipvq.trainer..")
                .check(worker);
    }

    @Test
    void should_never_use_the_model_builders() {
        // model-build is a test-scope dependency only: the worker loads bundles, it never builds them
        noClasses().should().dependOnClassesThat().resideInAPackage("io.clipvq.modelbuild..").check(worker);
    }

    @Test
    void should_write_the_jobs_table_only_from_the_jobs_package() {
        // the Job entity is the jobs table: only the ledger (JpaJobLedger) may load and change it
        noClasses().that().resideOutsideOfPackage("io.clipvq.worker.jobs..").should().dependOnClassesThat()
                .areAssignableTo(Job.class).check(worker);
    }

    @Test
    void should_let_the_http_api_only_read_jobs_and_images() {
        // the API changes jobs only by publishing messages the workers consume; it reads through JobReads
        noClasses().that().resideInAPackage("io.clipvq.worker.api..").should().dependOnClassesThat()
                .areAssignableTo(JobLedger.class).check(worker);
        noClasses().that().resideInAPackage("io.clipvq.worker.api..").should()
                .callMethod(JobImages.class, "record", Image.class).check(worker);
    }

    @Test
    void should_never_use_the_client() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.clipvq.client..").check(worker);
    }
}
