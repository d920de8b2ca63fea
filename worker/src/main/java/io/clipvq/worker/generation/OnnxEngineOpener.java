package io.clipvq.worker.generation;

import io.clipvq.engine.EngineOptions;
import io.clipvq.engine.OnnxTextToImageEngine;
import io.clipvq.engine.TextToImageEngine;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.BundleSource;
import io.clipvq.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;

/** The production engine: the bundle is fetched and verified by the engine's BundleLoader, then run on ONNX Runtime. */
@ApplicationScoped
public class OnnxEngineOpener implements EngineOpener {

    @Override
    public TextToImageEngine open(BundleSource source, Path workDir, WorkerConfig.Generation settings) {
        EngineOptions options = EngineOptions.builder().optIntraOpThreads(settings.intraOpThreads())
                .optCuda(settings.cuda()).build();
        return OnnxTextToImageEngine.open(BundleLoader.load(source, workDir), options);
    }
}
