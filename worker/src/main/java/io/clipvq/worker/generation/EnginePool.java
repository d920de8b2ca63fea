package io.clipvq.worker.generation;

import io.clipvq.engine.TextToImageEngine;
import io.clipvq.engine.bundle.BundleSource;
import io.clipvq.worker.config.WorkerConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * The engines of this worker, opened at start (a worker without a loadable model must not take jobs). The
 * intake's worker pool has as many threads as there are engines, so a thread never waits here for long.
 */
@Startup
@ApplicationScoped
public class EnginePool implements Engines, ModelCatalog {
    private static final Logger LOG = Logger.getLogger(EnginePool.class);

    private final List<TextToImageEngine> engines = new ArrayList<>();
    private final BlockingQueue<TextToImageEngine> idle;
    private final String sourceDescription;

    EnginePool(WorkerConfig config, BundleLocator locator, EngineOpener opener) {
        int count = config.generation().engines();
        if (count < 1) {
            throw new IllegalStateException("clipvq.generation.engines (CLIPVQ_ENGINES) must be at least 1, got "
                    + count);
        }
        BundleSource bundle = locator.source();
        sourceDescription = bundle.describe();
        idle = new ArrayBlockingQueue<>(count);
        try {
            for (int i = 0; i < count; i++) {
                TextToImageEngine engine = opener.open(bundle, locator.workDir(), config.generation(), i);
                engines.add(engine);
                idle.add(engine);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.infof("opened %d engine(s) on bundle %s %s from %s", count, modelName(), modelVersion(), bundle.describe());
    }

    @Override
    public String modelName() {
        return engines.get(0).modelName();
    }

    @Override
    public String modelVersion() {
        return engines.get(0).modelVersion();
    }

    @Override
    public List<ServableModel> models() {
        return List.of(new ServableModel(modelName(), modelVersion(), sourceDescription, true));
    }

    @Override
    public <T> T withEngine(Function<TextToImageEngine, T> work) {
        TextToImageEngine engine;
        try {
            engine = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an engine", e);
        }
        try {
            return work.apply(engine);
        } finally {
            idle.add(engine);
        }
    }

    @PreDestroy
    void close() {
        for (TextToImageEngine engine : engines) {
            try {
                engine.close();
            } catch (RuntimeException e) {
                LOG.warn("closing an engine failed", e);
            }
        }
        engines.clear();
    }
}
