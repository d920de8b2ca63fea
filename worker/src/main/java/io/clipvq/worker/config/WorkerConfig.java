package io.clipvq.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The worker's own settings (prefix {@code clipvq}); see application.properties for the environment names. */
@ConfigMapping(prefix = "clipvq")
public interface WorkerConfig {

    Storage storage();

    Model model();

    Generation generation();

    Worker worker();

    interface Storage {
        String endpoint();

        String accessKey();

        String secretKey();

        String bucket();

        @WithDefault("us-east-1")
        String region();
    }

    interface Model {
        /** A local bundle directory (manifest.json and the ONNX files). */
        Optional<String> bundleDir();

        /** A bundle stored under this prefix of the storage bucket; downloaded into {@link #cacheDir()}. */
        Optional<String> bundleS3Prefix();

        String cacheDir();
    }

    interface Generation {
        /** How many engines (and generation threads) this worker runs. */
        @WithDefault("1")
        int engines();

        /** ONNX Runtime intra-op threads per engine; 0 lets ONNX Runtime choose. */
        @WithDefault("0")
        int intraOpThreads();

        @WithDefault("false")
        boolean cuda();

        /**
         * With CUDA, the device of each engine in order (engine i on the i-th entry, wrapping around); absent, engine
         * i runs on device i, one engine per GPU.
         */
        Optional<java.util.List<Integer>> cudaDevices();
    }

    interface Worker {
        /** Names this worker instance in events and in the jobs table. */
        String id();
    }
}
