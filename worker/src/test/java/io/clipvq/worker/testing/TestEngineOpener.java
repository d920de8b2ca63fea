package io.clipvq.worker.testing;

import io.clipvq.engine.TextToImageEngine;
import io.clipvq.engine.bundle.BundleSource;
import io.clipvq.worker.config.WorkerConfig;
import io.clipvq.worker.generation.EngineOpener;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;

/** TEST SCOPE ONLY: replaces the ONNX engine in in-process (@QuarkusTest) tests. */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestEngineOpener implements EngineOpener {

    @ConfigProperty(name = "clipvq-test.delay-per-prompt-ms", defaultValue = "0")
    long delayPerPromptMillis;

    @Override
    public TextToImageEngine open(BundleSource source, Path workDir, WorkerConfig.Generation settings) {
        return new DeterministicTestEngine(delayPerPromptMillis);
    }
}
