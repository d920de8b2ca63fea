package io.clipvq.worker.generation;

import io.clipvq.engine.EngineOptions;
import io.clipvq.engine.OnnxTextToImageEngine;
import io.clipvq.engine.TextToImageEngine;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.BundleSource;
import io.clipvq.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.util.List;

/**
 * The production engine: the bundle is fetched and verified by the engine's BundleLoader, then run on ONNX Runtime;
 * with CUDA, each engine on its own device ({@link #options}).
 */
@ApplicationScoped
public class OnnxEngineOpener implements EngineOpener {

    @Override
    public TextToImageEngine open(BundleSource source, Path workDir, WorkerConfig.Generation settings, int engine) {
        return OnnxTextToImageEngine.open(BundleLoader.load(source, workDir), options(settings, engine));
    }

    /** Engine {@code engine}'s options: CUDA device clipvq.generation.cuda-devices[engine mod size], else {@code engine}. */
    static EngineOptions options(WorkerConfig.Generation settings, int engine) {
        EngineOptions.Builder options = EngineOptions.builder().optIntraOpThreads(settings.intraOpThreads())
                .optCuda(settings.cuda());
        if (settings.cuda()) {
            List<Integer> devices = settings.cudaDevices().orElse(List.of());
            options.optCudaDevice(devices.isEmpty() ? engine : devices.get(engine % devices.size()));
        }
        return options.build();
    }
}
