package io.clipvq.worker.generation;

import io.clipvq.engine.TextToImageEngine;
import io.clipvq.engine.bundle.BundleSource;
import io.clipvq.worker.config.WorkerConfig;

import java.nio.file.Path;

/** Opens one engine on a model bundle; the worker opens as many as it has generation threads, numbered from 0. */
public interface EngineOpener {

    /**
     * @param source  where the bundle is (fetched below {@code workDir} when remote, then verified)
     * @param workDir local cache directory for remote bundles
     * @param engine  which of the worker's engines this is (chooses its GPU)
     */
    TextToImageEngine open(BundleSource source, Path workDir, WorkerConfig.Generation settings, int engine);
}
