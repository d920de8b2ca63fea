package io.clipvq.trainer.diffusion;

import ai.djl.ndarray.NDManager;
import io.clipvq.engine.schedule.DiffusionSchedule;
import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.optim.RateSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DiffusionTrainingTest {
    private static final DenoiserSpec SPEC = new DenoiserSpec(6, 2, 2, 16, 1, 2, 2, 4, 5);
    private static final DiffusionSchedule SCHEDULE = DiffusionSchedule.standard(6, 5);

    /** Four distinct code grids, each with an embedding that identifies it. */
    private static CodeDataset tinyDataset() {
        List<long[]> codes = new ArrayList<>();
        List<float[]> embeddings = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 4; i++) {
            long[] grid = new long[4];
            for (int n = 0; n < 4; n++) {
                grid[n] = (i + n * (i + 1)) % 6;
            }
            codes.add(grid);
            float[] e = new float[4];
            e[i] = 1f;
            for (int j = 0; j < 4; j++) {
                e[j] += (float) (0.05 * random.nextGaussian());
            }
            embeddings.add(e);
        }
        return new CodeDataset(codes, embeddings);
    }

    private static DiffusionConfig config() {
        return DiffusionConfig.defaults(42).withBatchSize(8).withLearningRate(3e-3).withEmaDecay(0.9);
    }

    @Test
    void should_make_the_loss_fall_in_a_few_steps_on_a_tiny_dataset() {
        List<DiffusionTraining.StepResult> results = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
             DiffusionTraining training = new DiffusionTraining(manager, SPEC, SCHEDULE, tinyDataset(), config())) {
            for (int i = 0; i < 60; i++) {
                results.add(training.step());
            }
        }
        double auxStart = results.subList(0, 5).stream().mapToDouble(DiffusionTraining.StepResult::meanAux).average().orElseThrow();
        double auxEnd = results.subList(55, 60).stream().mapToDouble(DiffusionTraining.StepResult::meanAux).average().orElseThrow();
        double vlbStart = results.subList(0, 5).stream().mapToDouble(DiffusionTraining.StepResult::meanVlb).average().orElseThrow();
        double vlbEnd = results.subList(55, 60).stream().mapToDouble(DiffusionTraining.StepResult::meanVlb).average().orElseThrow();
        assertThat(auxEnd).as("-log p~(x_0 | x_t), start %.3f", auxStart).isLessThan(0.6 * auxStart);
        assertThat(vlbEnd).as("VLB term, start %.3f", vlbStart).isLessThan(0.8 * vlbStart);
    }

    @Test
    void should_leave_the_weights_alone_once_the_rate_schedule_reached_zero() {
        // decay from step 2 to step 3: the updates of steps 0..2 move the weights, those from step 3 on are scaled by 0
        DiffusionConfig decaying = config().withRateSchedule(new RateSchedule(0, 2, 3));
        try (NDManager manager = NDManager.newBaseManager();
             DiffusionTraining training = new DiffusionTraining(manager, SPEC, SCHEDULE, tinyDataset(), decaying)) {
            Map<String, float[]> initial = modelWeights(training);
            for (int i = 0; i < 3; i++) {
                training.step();
            }
            Map<String, float[]> decayed = modelWeights(training);
            assertThat(decayed.keySet().stream().filter(n -> !java.util.Arrays.equals(decayed.get(n), initial.get(n))))
                    .as("weights moved by the first three updates").isNotEmpty();
            training.step();
            training.step();
            Map<String, float[]> after = modelWeights(training);
            decayed.forEach((name, values) -> assertThat(after.get(name)).as(name).containsExactly(values));
        }
    }

    @Test
    void should_clip_the_update_only_where_the_gradient_norm_exceeds_the_maximum() {
        List<Map<String, float[]>> weights = new ArrayList<>();
        List<double[]> norms = new ArrayList<>();
        // no clipping; a maximum above every norm (must change nothing); a maximum below the first norms
        for (double max : new double[] {Double.POSITIVE_INFINITY, 1e9, 0.05}) {
            try (NDManager manager = NDManager.newBaseManager();
                 DiffusionTraining training = new DiffusionTraining(manager, SPEC, SCHEDULE, tinyDataset(),
                         config().withMaxGradientNorm(max))) {
                double[] n = new double[3];
                for (int i = 0; i < n.length; i++) {
                    n[i] = training.step().gradientNorm();
                }
                norms.add(n);
                weights.add(modelWeights(training));
            }
        }
        // the CPU engine's multi-threaded kernels are not bit-reproducible from run to run, so compare within a tolerance
        assertThat(norms.get(0)[0]).as("norms are reported before clipping").isGreaterThan(0.05)
                .isCloseTo(norms.get(2)[0], within(1e-6));
        assertThat(norms.get(1)).containsExactly(norms.get(0), within(1e-3));
        assertThat(largestDifference(weights.get(0), weights.get(1))).as("a maximum above every norm").isLessThan(1e-5);
        assertThat(largestDifference(weights.get(0), weights.get(2))).as("clipped updates").isGreaterThan(1e-3);
    }

    @Test
    void should_stop_at_the_first_step_whose_loss_or_gradients_are_not_finite_and_name_it() {
        // a learning rate of 1e30 moves every weight by about 1e30 in the first step; the loss or the gradients of
        // a later step overflow, and the run must stop there rather than apply or skip that update
        DiffusionConfig config = config().withLearningRate(1e30);
        try (NDManager manager = NDManager.newBaseManager();
             DiffusionTraining training = new DiffusionTraining(manager, SPEC, SCHEDULE, tinyDataset(), config)) {
            training.step();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 20; i++) {
                    training.step();
                }
            }).isInstanceOf(IllegalStateException.class).hasMessageMatching("step \\d+ has loss .* and gradient norm .*")
                    .hasMessageContaining("the run stops here");
            assertThat(training.stepCount()).as("the failing step is not counted").isBetween(1L, 20L);
        }
    }

    private static double largestDifference(Map<String, float[]> a, Map<String, float[]> b) {
        double largest = 0;
        for (Map.Entry<String, float[]> e : a.entrySet()) {
            float[] other = b.get(e.getKey());
            for (int i = 0; i < other.length; i++) {
                largest = Math.max(largest, Math.abs(e.getValue()[i] - other[i]));
            }
        }
        return largest;
    }

    private static Map<String, float[]> modelWeights(DiffusionTraining training) {
        Map<String, float[]> out = new java.util.TreeMap<>();
        training.checkpoint().tensors().forEach((name, values) -> {
            if (name.startsWith("model.")) {
                out.put(name, values);
            }
        });
        return out;
    }

    @Test
    void should_continue_exactly_after_a_checkpoint_and_resume(@TempDir Path dir) throws Exception {
        // with a decay that starts after the resume point, so the resumed run must take the schedule from the step count
        DiffusionConfig config = config().withRateSchedule(RateSchedule.decayOverLast(0.5, 6));
        Map<String, float[]> straight;
        float[] straightNull;
        try (NDManager manager = NDManager.newBaseManager();
             DiffusionTraining training = new DiffusionTraining(manager, SPEC, SCHEDULE, tinyDataset(), config)) {
            for (int i = 0; i < 6; i++) {
                training.step();
            }
            straight = training.checkpoint().tensors();
            straightNull = training.nullCondition();
        }
        Path file = dir.resolve("diffusion.ckpt");
        try (NDManager manager = NDManager.newBaseManager();
             DiffusionTraining training = new DiffusionTraining(manager, SPEC, SCHEDULE, tinyDataset(), config)) {
            for (int i = 0; i < 2; i++) {
                training.step();
            }
            training.checkpoint().save(file);
        }
        Map<String, float[]> resumed;
        try (NDManager manager = NDManager.newBaseManager();
             DiffusionTraining training = new DiffusionTraining(manager, SPEC, SCHEDULE, tinyDataset(), config)) {
            training.restore(Checkpoint.load(file));
            assertThat(training.stepCount()).isEqualTo(2);
            for (int i = 0; i < 4; i++) {
                training.step();
            }
            resumed = training.checkpoint().tensors();
            assertThat(training.nullCondition()).containsExactly(straightNull);
        }
        assertThat(resumed.keySet()).containsExactlyElementsOf(straight.keySet());
        straight.forEach((name, values) -> assertThat(resumed.get(name)).as(name).containsExactly(values));
    }
}
