package io.clipvq.worker.generation;

import io.clipvq.engine.TextToImageEngine;

import java.util.function.Function;

/** The worker's engines, lent one at a time (the pool of open ONNX engines in production). */
public interface Engines {

    String modelName();

    String modelVersion();

    /** name:version, as image metadata names the model. */
    default String modelId() {
        return modelName() + ":" + modelVersion();
    }

    /** Runs {@code work} on an engine that no other thread uses meanwhile. */
    <T> T withEngine(Function<TextToImageEngine, T> work);
}
