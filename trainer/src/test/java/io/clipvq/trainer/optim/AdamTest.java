package io.clipvq.trainer.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.clipvq.engine.models.WeightLayout;
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
}
