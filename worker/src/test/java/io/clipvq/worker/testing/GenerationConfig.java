package io.clipvq.worker.testing;

import io.clipvq.worker.config.WorkerConfig;

import java.util.List;
import java.util.Optional;

/** Generation settings for unit tests (what application.properties gives the worker). */
public final class GenerationConfig {

    private GenerationConfig() {
    }

    public static WorkerConfig.Generation of(int engines, int intraOpThreads, boolean cuda,
                                             Optional<List<Integer>> cudaDevices) {
        return new WorkerConfig.Generation() {
            @Override
            public int engines() {
                return engines;
            }

            @Override
            public int intraOpThreads() {
                return intraOpThreads;
            }

            @Override
            public boolean cuda() {
                return cuda;
            }

            @Override
            public Optional<List<Integer>> cudaDevices() {
                return cudaDevices;
            }

            @Override
            public long memoryBudgetMb() {
                return 0;
            }

            @Override
            public int batchPrompts() {
                return 8;
            }

            @Override
            public long batchWaitMs() {
                return 0;
            }

            @Override
            public int concurrentJobs() {
                return engines;
            }
        };
    }
}
