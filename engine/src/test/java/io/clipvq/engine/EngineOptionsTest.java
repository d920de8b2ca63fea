package io.clipvq.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineOptionsTest {

    @Test
    void should_default_to_cpu_with_runtime_thread_defaults() throws Exception {
        EngineOptions options = EngineOptions.defaults();
        assertThat(options.cuda()).isFalse();
        assertThat(options.intraOpThreads()).isZero();
        try (OrtSession.SessionOptions ignored = options.newSessionOptions()) {
            assertThat(ignored).isNotNull();
        }
    }

    @Test
    void should_keep_the_configured_threads() {
        EngineOptions options = EngineOptions.builder().optIntraOpThreads(2).optInterOpThreads(1).build();
        assertThat(options.intraOpThreads()).isEqualTo(2);
        assertThat(options.interOpThreads()).isEqualTo(1);
    }

    @Test
    void should_refuse_negative_settings_naming_them() {
        assertThatThrownBy(() -> EngineOptions.builder().optIntraOpThreads(-1)).hasMessageContaining("intraOpThreads");
        assertThatThrownBy(() -> EngineOptions.builder().optCudaDevice(-2)).hasMessageContaining("cudaDevice");
    }

    @Test
    void should_fail_clearly_when_cuda_is_requested_but_missing() {
        Assumptions.assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA));
        EngineOptions options = EngineOptions.builder().optCuda(true).build();
        assertThatThrownBy(options::newSessionOptions).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CUDA was requested").hasMessageContaining("onnxruntime_gpu");
    }
}
