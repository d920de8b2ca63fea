package io.clipvq.trainer.vqgan;

import ai.djl.ndarray.NDManager;
import io.clipvq.modelbuild.graphs.VqGanSpec;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.data.ImageDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VqGanTrainingTest {
    private static final VqGanSpec SPEC = new VqGanSpec(8, 4, 4, 4, 2, 8);

    /** Four 8x8 images: flat colours and two stripe patterns. */
    private static ImageDataset tinyImages() {
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            float[] img = new float[3 * 64];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        float v = switch (i) {
                            case 0 -> c == 0 ? 0.9f : 0.1f;
                            case 1 -> c == 2 ? 0.8f : 0.2f;
                            case 2 -> (x / 2) % 2 == 0 ? 0.9f : 0.1f;
                            default -> (y / 2) % 2 == 0 ? 0.2f : 0.7f;
                        };
                        img[(c * 8 + y) * 8 + x] = v;
                    }
                }
            }
            images.add(img);
        }
        return new ImageDataset(images, 8);
    }

    @Test
    void should_reduce_the_reconstruction_error_in_a_few_steps() {
        VqGanConfig config = VqGanConfig.defaults(3).withBatchSize(4).withLearningRate(3e-3).withTemperatureSteps(40)
                .withDiscriminator(1_000, 4, 1);
        List<VqGanTraining.StepResult> results = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(); VqGanTraining training = new VqGanTraining(m, SPEC, tinyImages(), config)) {
            for (int i = 0; i < 40; i++) {
                results.add(training.step());
            }
        }
        double start = results.subList(0, 3).stream().mapToDouble(VqGanTraining.StepResult::l1).average().orElseThrow();
        double end = results.subList(37, 40).stream().mapToDouble(VqGanTraining.StepResult::l1).average().orElseThrow();
        assertThat(end).as("L1 at the start: %.4f", start).isLessThan(0.7 * start);
        VqGanTraining.StepResult last = results.get(39);
        assertThat(last.temperature()).isLessThan(0.05);
        assertThat(last.perplexity()).isBetween(1.0, 8.0);
        assertThat(last.codebookUsage()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
    }

    @Test
    void should_train_the_discriminator_from_its_start_step_with_a_finite_adaptive_weight() {
        VqGanConfig config = VqGanConfig.defaults(5).withBatchSize(2).withLearningRate(1e-3).withDiscriminator(2, 4, 1);
        try (NDManager m = NDManager.newBaseManager(); VqGanTraining training = new VqGanTraining(m, SPEC, tinyImages(), config)) {
            VqGanTraining.StepResult before = training.step();
            training.step();
            VqGanTraining.StepResult after = training.step();
            assertThat(before.adaptiveWeight()).isZero();
            assertThat(before.discriminatorLoss()).isZero();
            assertThat(after.adaptiveWeight()).isGreaterThan(0.0).isLessThanOrEqualTo(1e4);
            // hinge loss of a fresh discriminator is near 0.5 * (1 + 1)
            assertThat(after.discriminatorLoss()).isCloseTo(1.0, within(0.5));
        }
    }

    @Test
    void should_continue_exactly_after_a_checkpoint_and_resume(@TempDir Path dir) throws Exception {
        VqGanConfig config = VqGanConfig.defaults(8).withBatchSize(2).withLearningRate(1e-3).withTemperatureSteps(10)
                .withDiscriminator(2, 4, 1);
        Map<String, float[]> straight;
        try (NDManager m = NDManager.newBaseManager(); VqGanTraining training = new VqGanTraining(m, SPEC, tinyImages(), config)) {
            for (int i = 0; i < 5; i++) {
                training.step();
            }
            straight = training.checkpoint().tensors();
        }
        Path file = dir.resolve("vqgan.ckpt");
        try (NDManager m = NDManager.newBaseManager(); VqGanTraining training = new VqGanTraining(m, SPEC, tinyImages(), config)) {
            for (int i = 0; i < 3; i++) {
                training.step();
            }
            training.checkpoint().save(file);
        }
        Map<String, float[]> resumed;
        try (NDManager m = NDManager.newBaseManager(); VqGanTraining training = new VqGanTraining(m, SPEC, tinyImages(), config)) {
            training.restore(Checkpoint.load(file));
            training.step();
            training.step();
            resumed = training.checkpoint().tensors();
        }
        assertThat(resumed.keySet()).containsExactlyElementsOf(straight.keySet());
        straight.forEach((name, values) -> assertThat(resumed.get(name)).as(name).containsExactly(values));
    }

    @Test
    void should_anneal_the_temperature_along_a_cosine_from_0_9_to_0_01() {
        GumbelTemperature schedule = new GumbelTemperature(100);
        assertThat(schedule.at(0)).isCloseTo(0.9, within(1e-12));
        assertThat(schedule.at(50)).isCloseTo(0.455, within(1e-12));
        assertThat(schedule.at(100)).isCloseTo(0.01, within(1e-12));
        assertThat(schedule.at(1_000)).isCloseTo(0.01, within(1e-12));
    }
}
