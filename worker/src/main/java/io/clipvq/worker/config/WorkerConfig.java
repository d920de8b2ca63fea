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
        /** A local bundle directory (manifest.json and the ONNX files), or a directory with one bundle per subdirectory. */
        Optional<String> bundleDir();

        /**
         * A prefix of the storage bucket holding a bundle, or bundles one per sub-prefix; each is downloaded into
         * {@link #cacheDir()} when its engine first opens.
         */
        Optional<String> bundleS3Prefix();

        String cacheDir();

        /** How often the bundle places are scanned for new bundles; 0 scans only when a job names an unknown model. */
        @WithDefault("30000")
        long rescanIntervalMs();
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

        /**
         * The memory the open engines may take, in MiB, each counted at its bundle's size; least recently used models
         * are closed to stay within it. 0: no limit.
         */
        @WithDefault("8192")
        long memoryBudgetMb();

        /**
         * The most prompts one engine call runs, from one job or from several jobs and shards with the same model and
         * settings (io.clipvq.worker.generation.PromptBatcher); a job submits up to this many of its prompts at once.
         */
        @WithDefault("8")
        int batchPrompts();

        /**
         * The longest, in milliseconds, an engine call that is not full waits for the next prompts of jobs and shards
         * running on this worker (io.clipvq.worker.generation.PromptBatcher, "gathering"); 0: never waits.
         */
        @WithDefault("200")
        long batchWaitMs();

        /**
         * How many jobs and shards run at once (the generation pool's size): they share the engines, and their
         * prompts share engine calls. At least {@link #engines()}.
         */
        @WithDefault("4")
        int concurrentJobs();
    }

    interface Worker {
        /** Names this worker instance in events and in the jobs table. */
        String id();
    }
}
