package io.clipvq.worker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.devstack.SystemBenchMain;
import io.clipvq.worker.testing.TestBundles;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole-system bench (devstack's SystemBenchMain) at a tiny size against this module's packaged worker: its
 * JSON has every figure, and the system wrote exactly the images the jobs ask for, each as a row and an object.
 * Timings are not checked (the bench measures them; a test on a shared machine cannot).
 */
class SystemBenchIT {

    @Test
    void should_print_both_throughputs_and_write_every_image_once() throws Exception {
        Path bundle = TestBundles.writeRandom(new ModelRef("bench-tiny", "1.0.0"), 17, "bench-tiny-");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = SystemBenchMain.run(new String[]{"--jobs", "2", "--prompts-per-job", "2", "--candidates", "2",
                        "--keep", "1", "--threads", "1", "--rounds", "2", "--warm-up-rounds", "1", "--bundle", bundle.toAbsolutePath().toString(),
                        "--worker-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(exit).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(report.path("bundle").asText()).isEqualTo("bench-tiny:1.0.0");
        assertThat(report.path("images").asInt()).isEqualTo(4);
        assertThat(report.path("rounds").asInt()).isEqualTo(2);
        assertThat(report.path("images_recorded").asInt()).as("both rounds' images").isEqualTo(8);
        assertThat(report.path("objects_stored").asInt()).isEqualTo(8);
        assertThat(report.path("worker_engine_calls").asDouble()).as("the worker's engine calls per round")
                .isBetween(1.0, 4.0);
        assertThat(report.path("worker_prompts_per_engine_call").asDouble() * report.path("worker_engine_calls")
                .asDouble()).as("prompts run by the worker's engine calls per round")
                .isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.05));
        for (String figure : new String[]{"engine_images_per_second", "engine_one_prompt_per_call_images_per_second",
                "engine_one_call_per_job_images_per_second", "system_images_per_second"}) {
            assertThat(report.path(figure).asDouble()).as(figure).isPositive();
        }
        assertThat(report.path("engine_cpu_seconds").asDouble()).isPositive();
        assertThat(report.path("system_cpu_seconds").path("worker").asDouble()).as("the worker's CPU seconds").isPositive();
        // cross-job batching relies on it: a prompt's bytes do not depend on what it is batched with
        assertThat(report.path("same_bytes_batched_per_job_and_per_prompt").asBoolean()).isTrue();
        // each round against the engine draws around it; the overhead is the median (here the mean) of the rounds'
        JsonNode rounds = report.path("per_round");
        assertThat(rounds).hasSize(2);
        double[] overheads = new double[2];
        for (int r = 0; r < 2; r++) {
            JsonNode round = rounds.get(r);
            double engine = (round.path("engine_seconds_before").asDouble() + round.path("engine_seconds_after")
                    .asDouble()) / 2;
            overheads[r] = 1 - engine / round.path("system_seconds").asDouble();
            assertThat(round.path("overhead").asDouble()).isCloseTo(overheads[r],
                    org.assertj.core.data.Offset.offset(0.001));
            assertThat(round.path("worker_jit_cpu_seconds").asDouble()).as("the worker's JIT share of its CPU")
                    .isNotNegative().isLessThanOrEqualTo(round.path("worker_cpu_seconds").asDouble());
        }
        assertThat(rounds.get(0).path("engine_seconds_after").asDouble()).as("the draw between the rounds")
                .isEqualTo(rounds.get(1).path("engine_seconds_before").asDouble());
        assertThat(report.path("overhead").asDouble()).isCloseTo((overheads[0] + overheads[1]) / 2,
                org.assertj.core.data.Offset.offset(0.001));
        assertThat(report.path("worker_cpu_overhead").isNumber()).isTrue();
        assertThat(report.path("idle_stack_cpu_seconds_per_engine_draw").asDouble()).isNotNegative();
    }
}
