package io.clipvq.worker.generation;

import io.clipvq.engine.TextToImageEngine;

import java.util.function.Function;

/** The worker's engines for every servable model, lent one at a time (the engine cache in production). */
public interface Engines extends ModelCatalog {

    /**
     * Runs {@code work} on an engine of {@code model} that no other thread uses meanwhile, opening one if needed.
     *
     * @throws UnknownModelException when the model is no longer servable
     */
    <T> T withEngine(ServableModel model, Function<TextToImageEngine, T> work);
}
