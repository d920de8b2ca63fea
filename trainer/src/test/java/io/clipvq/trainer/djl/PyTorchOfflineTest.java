package io.clipvq.trainer.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PyTorchOfflineTest {

    @Test
    void should_run_forward_and_backward_on_the_offline_cpu_engine() {
        assertThat(Engine.getInstance().getEngineName()).isEqualTo("PyTorch");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1f, -2f, 3f});
            w.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                // loss = sum(w^2 * x) with x = [2, 3, 4]; d loss / d w = 2 * w * x
                NDArray loss = w.mul(w).mul(manager.create(new float[] {2f, 3f, 4f})).sum();
                assertThat(loss.getFloat()).isCloseTo(2f + 12f + 36f, within(1e-5f));
                collector.backward(loss);
            }
            assertThat(w.getGradient().toFloatArray()).containsExactly(4f, -12f, 24f);
        }
    }
}
