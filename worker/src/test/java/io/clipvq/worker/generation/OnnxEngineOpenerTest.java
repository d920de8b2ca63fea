package io.clipvq.worker.generation;

import io.clipvq.worker.config.WorkerConfig;
import io.clipvq.worker.testing.GenerationConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OnnxEngineOpenerTest {

    @Test
    void should_put_engine_i_on_cuda_device_i_by_default() {
        WorkerConfig.Generation settings = settings(true, Optional.empty());

        assertThat(List.of(0, 1, 2, 3).stream().map(i -> OnnxEngineOpener.options(settings, i).cudaDevice()))
                .containsExactly(0, 1, 2, 3);
    }

    @Test
    void should_take_the_configured_devices_in_order_and_wrap_around() {
        WorkerConfig.Generation settings = settings(true, Optional.of(List.of(2, 5)));

        assertThat(List.of(0, 1, 2, 3).stream().map(i -> OnnxEngineOpener.options(settings, i).cudaDevice()))
                .containsExactly(2, 5, 2, 5);
    }

    @Test
    void should_leave_cpu_engines_without_a_device() {
        WorkerConfig.Generation settings = settings(false, Optional.of(List.of(3)));

        assertThat(OnnxEngineOpener.options(settings, 1).cuda()).isFalse();
        assertThat(OnnxEngineOpener.options(settings, 1).intraOpThreads()).isEqualTo(2);
    }

    private static WorkerConfig.Generation settings(boolean cuda, Optional<List<Integer>> devices) {
        return GenerationConfig.of(4, 2, cuda, devices);
    }
}
