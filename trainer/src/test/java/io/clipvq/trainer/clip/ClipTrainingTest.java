package io.clipvq.trainer.clip;

import ai.djl.ndarray.NDManager;
import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.engine.text.ClipTokenizer;
import io.clipvq.modelbuild.graphs.ClipImageSpec;
import io.clipvq.modelbuild.graphs.ClipTextSpec;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.worlds.shapes.ShapesDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClipTrainingTest {
    static final ClipTextSpec TEXT = ClipTextSpec.of(16, 1, 2, 16);
    static final ClipImageSpec IMAGE = new ClipImageSpec(32, 8, 16, 1, 2, 4, 16);
    static CaptionedPairs pairs;

    @BeforeAll
    static void pairs() {
        pairs = new CaptionedPairs(ShapesDataset.builder().optSeed(3).build().captioned(32), ClipTokenizer.openDefault(),
                ClipPreprocessor.builder().optImageSize(32).build());
    }

    @Test
    void should_make_the_contrastive_loss_fall_in_a_few_steps() {
        List<Double> losses = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
             ClipTraining training = new ClipTraining(manager, TEXT, IMAGE, pairs, new ClipTrainingConfig(16, 3e-3, 1))) {
            for (int i = 0; i < 60; i++) {
                losses.add(training.step().loss());
            }
        }
        double first = losses.subList(0, 6).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(54, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        // chance is log(16) = 2.77 for 16 pairs
        assertThat(first).isGreaterThan(2.5);
        assertThat(last).isLessThan(0.7 * first);
    }

    @Test
    void should_continue_a_resumed_run_exactly_as_an_uninterrupted_one(@TempDir Path dir) throws Exception {
        // warmup and cosine decay depend only on the step, so a resumed run scales its updates the same way
        ClipTrainingConfig config = new ClipTrainingConfig(8, 1e-3, 5, 2, 8);
        Map<String, float[]> uninterrupted;
        List<Double> uninterruptedLosses = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
             ClipTraining training = new ClipTraining(manager, TEXT, IMAGE, pairs, config)) {
            for (int i = 0; i < 6; i++) {
                uninterruptedLosses.add(training.step().loss());
            }
            uninterrupted = training.model().params().toFloatMap();
        }
        Path file = dir.resolve("clip.ckpt");
        List<Double> resumedLosses = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
             ClipTraining training = new ClipTraining(manager, TEXT, IMAGE, pairs, config)) {
            for (int i = 0; i < 3; i++) {
                resumedLosses.add(training.step().loss());
            }
            training.checkpoint().save(file);
        }
        Map<String, float[]> resumed;
        try (NDManager manager = NDManager.newBaseManager();
             ClipTraining training = new ClipTraining(manager, TEXT, IMAGE, pairs, config)) {
            training.restore(Checkpoint.load(file));
            assertThat(training.stepCount()).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                resumedLosses.add(training.step().loss());
            }
            resumed = training.model().params().toFloatMap();
        }
        assertThat(resumedLosses).containsExactlyElementsOf(uninterruptedLosses);
        assertThat(resumed.keySet()).containsExactlyElementsOf(uninterrupted.keySet());
        // isEqualTo compares float arrays element by element (Arrays.equals), fast on the token table
        uninterrupted.forEach((name, values) -> assertThat(resumed.get(name)).as(name).isEqualTo(values));
    }

    @Test
    void should_refuse_a_checkpoint_of_another_seed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("clip.ckpt");
        try (NDManager manager = NDManager.newBaseManager();
             ClipTraining training = new ClipTraining(manager, TEXT, IMAGE, pairs, new ClipTrainingConfig(8, 1e-3, 5))) {
            training.checkpoint().save(file);
        }
        try (NDManager manager = NDManager.newBaseManager();
             ClipTraining training = new ClipTraining(manager, TEXT, IMAGE, pairs, new ClipTrainingConfig(8, 1e-3, 6))) {
            Checkpoint checkpoint = Checkpoint.load(file);
            assertThatThrownBy(() -> training.restore(checkpoint)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("seed [5]").hasMessageContaining("[6]");
        }
    }

    @Test
    void should_visit_every_pair_once_per_epoch() {
        try (NDManager manager = NDManager.newBaseManager();
             ClipTraining training = new ClipTraining(manager, TEXT, IMAGE, pairs, new ClipTrainingConfig(8, 1e-3, 2))) {
            assertThat(training.stepsPerEpoch()).isEqualTo(4);
            for (int epoch = 0; epoch < 2; epoch++) {
                List<Integer> seen = new ArrayList<>();
                for (int s = 0; s < 4; s++) {
                    for (int i : training.batchIndices(epoch * 4L + s)) {
                        seen.add(i);
                    }
                }
                assertThat(seen).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 32).boxed().toList());
            }
            assertThat(training.batchIndices(0)).isNotEqualTo(training.batchIndices(4));
        }
    }
}
