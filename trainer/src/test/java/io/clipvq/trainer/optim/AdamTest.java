package io.clipvq.trainer.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.clipvq.modelbuild.graphs.WeightLayout;
import io.clipvq.trainer.nn.Parameters;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AdamTest {

    @Test
    void should_follow_the_adam_update_rule_computed_by_hand() {
        WeightLayout layout = WeightLayout.builder().normal("w", 2).build();
        double[] w = {1.0, -2.0};
        double[] m = new double[2];
        double[] v = new double[2];
        double lr = 0.1;
        try (NDManager manager = NDManager.newBaseManager();
             Parameters params = Parameters.of(manager, layout, Map.of("w", new float[] {1f, -2f}));
             Adam adam = Adam.builder(params).optLearningRate(lr).build()) {
            for (int step = 1; step <= 3; step++) {
                try (NDScope ignored = new NDScope();
                     GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    // loss = sum(w^3): grad = 3 w^2
                    NDArray loss = params.get("w").pow(3).sum();
                    collector.backward(loss);
                }
                adam.step();
                for (int i = 0; i < 2; i++) {
                    double g = 3 * w[i] * w[i];
                    m[i] = 0.9 * m[i] + 0.1 * g;
                    v[i] = 0.999 * v[i] + 0.001 * g * g;
                    double mHat = m[i] / (1 - Math.pow(0.9, step));
                    double vHat = v[i] / (1 - Math.pow(0.999, step));
                    w[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
                }
                float[] actual = params.get("w").toFloatArray();
                assertThat((double) actual[0]).isCloseTo(w[0], within(1e-5));
                assertThat((double) actual[1]).isCloseTo(w[1], within(1e-5));
            }
            assertThat(adam.stepCount()).isEqualTo(3);
        }
    }

    @Test
    void should_scale_the_update_by_the_rate_factor_while_the_moments_follow_the_gradients_alone() {
        WeightLayout layout = WeightLayout.builder().normal("w", 1).build();
        double[] factors = {1.0, 0.5, 0.0, 0.25};
        double w = 1.5;
        double m = 0;
        double v = 0;
        double lr = 0.1;
        try (NDManager manager = NDManager.newBaseManager();
             Parameters params = Parameters.of(manager, layout, Map.of("w", new float[] {1.5f}));
             Adam adam = Adam.builder(params).optLearningRate(lr).build()) {
            for (int step = 1; step <= factors.length; step++) {
                try (NDScope ignored = new NDScope();
                     GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    // loss = w^2: grad = 2 w
                    collector.backward(params.get("w").square().sum());
                }
                adam.step(factors[step - 1]);
                double g = 2 * w;
                m = 0.9 * m + 0.1 * g;
                v = 0.999 * v + 0.001 * g * g;
                w -= lr * factors[step - 1] * (m / (1 - Math.pow(0.9, step))) / (Math.sqrt(v / (1 - Math.pow(0.999, step))) + 1e-8);
                assertThat((double) params.get("w").toFloatArray()[0]).as("step %d", step).isCloseTo(w, within(1e-5));
            }
        }
    }

    @Test
    void should_place_epsilon_as_pytorch_does_where_djl_adam_does_not() {
        // Why this class is not ai.djl.training.optimizer.Adam (docs/hand-written.md): DJL folds both bias corrections
        // into the rate, w -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps), which moves epsilon inside the
        // correction; PyTorch's torch.optim.Adam (the reference) divides by sqrt(v / (1 - b2^t)) + eps. With a small
        // gradient the first step differs by a factor of ~4: here g = 1e-7, lr = 0.1, eps = 1e-8.
        WeightLayout layout = WeightLayout.builder().normal("w", 1).build();
        double lr = 0.1;
        double g = 1e-7;
        double pytorchStep = lr * g / (Math.abs(g) + 1e-8);                                 // 0.0909
        double djlStep = lr * Math.sqrt(1 - 0.999) / (1 - 0.9) * (0.1 * g) / (Math.sqrt(0.001) * g + 1e-8); // 0.0240
        try (NDManager manager = NDManager.newBaseManager();
             Parameters ours = Parameters.of(manager, layout, Map.of("w", new float[] {1f}));
             Parameters theirs = Parameters.of(manager, layout, Map.of("w", new float[] {1f}));
             Adam adam = Adam.builder(ours).optLearningRate(lr).build()) {
            ai.djl.training.optimizer.Optimizer djl = ai.djl.training.optimizer.Optimizer.adam()
                    .optLearningRateTracker(ai.djl.training.tracker.Tracker.fixed((float) lr)).build();
            backwardScaled(ours, g);
            backwardScaled(theirs, g);
            adam.step();
            djl.update("w", theirs.get("w"), theirs.get("w").getGradient());
            double oursMoved = 1 - ours.get("w").toFloatArray()[0];
            double djlMoved = 1 - theirs.get("w").toFloatArray()[0];
            assertThat(oursMoved).isCloseTo(pytorchStep, within(1e-6));
            assertThat(djlMoved).isCloseTo(djlStep, within(1e-6));
            assertThat(oursMoved / djlMoved).isGreaterThan(3.5);
        }
    }

    @Test
    void should_continue_bit_exactly_from_its_checkpointed_state() {
        // the other reason: DJL's Adam keeps its moments and step counts in private maps, so no checkpoint can hold them
        WeightLayout layout = WeightLayout.builder().normal("w", 3).build();
        Map<String, float[]> start = Map.of("w", new float[] {0.7f, -1.3f, 0.2f});
        float[] straight;
        try (NDManager manager = NDManager.newBaseManager();
             Parameters params = Parameters.of(manager, layout, start);
             Adam adam = Adam.builder(params).optLearningRate(0.05).build()) {
            for (int step = 0; step < 5; step++) {
                backwardCubes(params);
                adam.step(0.2 * (step + 1));
            }
            straight = params.get("w").toFloatArray();
        }
        Map<String, float[]> weights;
        Map<String, float[]> state;
        long steps;
        try (NDManager manager = NDManager.newBaseManager();
             Parameters params = Parameters.of(manager, layout, start);
             Adam adam = Adam.builder(params).optLearningRate(0.05).build()) {
            for (int step = 0; step < 2; step++) {
                backwardCubes(params);
                adam.step(0.2 * (step + 1));
            }
            weights = params.toFloatMap();
            state = adam.state();
            steps = adam.stepCount();
        }
        try (NDManager manager = NDManager.newBaseManager();
             Parameters params = Parameters.of(manager, layout, weights);
             Adam adam = Adam.builder(params).optLearningRate(0.05).build()) {
            adam.restore(steps, state);
            for (int step = 2; step < 5; step++) {
                backwardCubes(params);
                adam.step(0.2 * (step + 1));
            }
            assertThat(params.get("w").toFloatArray()).containsExactly(straight);
        }
    }

    @Test
    void should_refuse_a_negative_or_non_finite_rate_factor() {
        WeightLayout layout = WeightLayout.builder().normal("w", 1).build();
        try (NDManager manager = NDManager.newBaseManager();
             Parameters params = Parameters.of(manager, layout, Map.of("w", new float[] {1f}));
             Adam adam = Adam.builder(params).build()) {
            assertThatThrownBy(() -> adam.step(-0.1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate factor");
            assertThatThrownBy(() -> adam.step(Double.NaN))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate factor");
        }
    }

    @Test
    void should_clip_the_global_gradient_norm_over_all_groups_and_report_the_norm_before_clipping() {
        WeightLayout layoutA = WeightLayout.builder().normal("a", 2).build();
        WeightLayout layoutB = WeightLayout.builder().normal("b", 1).build();
        try (NDManager manager = NDManager.newBaseManager();
             Parameters a = Parameters.of(manager, layoutA, Map.of("a", new float[] {1f, -2f}));
             Parameters b = Parameters.of(manager, layoutB, Map.of("b", new float[] {3f}));
             Adam adam = Adam.builder(a, b).build()) {
            backwardSumOfSquares(a, b);
            // gradients 2w = (2, -4) and (6): global norm sqrt(4 + 16 + 36) = sqrt(56)
            double norm = Math.sqrt(56);
            assertThat(adam.gradientNorm()).isCloseTo(norm, within(1e-5));
            assertThat(adam.clipGradientNorm(2.0)).isCloseTo(norm, within(1e-5));
            double scale = 2.0 / norm;
            assertThat(toDoubles(a.get("a").getGradient().toFloatArray()))
                    .containsExactly(new double[] {2 * scale, -4 * scale}, within(1e-5));
            assertThat((double) b.get("b").getGradient().toFloatArray()[0]).isCloseTo(6 * scale, within(1e-5));
            assertThat(adam.gradientNorm()).isCloseTo(2.0, within(1e-5));
        }
    }

    @Test
    void should_leave_gradients_below_the_maximum_norm_untouched() {
        WeightLayout layout = WeightLayout.builder().normal("w", 2).build();
        try (NDManager manager = NDManager.newBaseManager();
             Parameters params = Parameters.of(manager, layout, Map.of("w", new float[] {0.3f, 0.4f}));
             Adam adam = Adam.builder(params).build()) {
            backwardSumOfSquares(params);
            // gradient (0.6, 0.8): norm 1
            assertThat(adam.clipGradientNorm(1.5)).isCloseTo(1.0, within(1e-6));
            assertThat(params.get("w").getGradient().toFloatArray()).containsExactly(0.6f, 0.8f);
            assertThat(adam.clipGradientNorm(Double.POSITIVE_INFINITY)).as("infinity only measures").isCloseTo(1.0, within(1e-6));
            assertThat(params.get("w").getGradient().toFloatArray()).containsExactly(0.6f, 0.8f);
            assertThatThrownBy(() -> adam.clipGradientNorm(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximum gradient norm");
        }
    }

    /** loss = scale * sum(w): every gradient is {@code scale}. */
    private static void backwardScaled(Parameters params, double scale) {
        try (NDScope ignored = new NDScope();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(params.get("w").sum().mul((float) scale));
        }
    }

    private static void backwardCubes(Parameters params) {
        try (NDScope ignored = new NDScope();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(params.get("w").pow(3).sum());
        }
    }

    private static void backwardSumOfSquares(Parameters... groups) {
        try (NDScope ignored = new NDScope();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (Parameters p : groups) {
                for (String name : p.names()) {
                    NDArray term = p.get(name).square().sum();
                    loss = loss == null ? term : loss.add(term);
                }
            }
            collector.backward(loss);
        }
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
