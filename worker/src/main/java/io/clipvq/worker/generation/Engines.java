package io.clipvq.worker.generation;

import io.clipvq.contracts.job.ModelRef;
import io.clipvq.engine.TextToImageEngine;

import java.util.Optional;
import java.util.function.Function;

/** The worker's engines for every servable model, lent one at a time (the engine cache in production). */
public interface Engines extends ModelCatalog {

    /** The model a request names: that version, or the newest when it names none; empty when none is servable. */
    Optional<ServableModel> resolve(ModelRef model);

    /**
     * Runs {@code work} on an engine of {@code model} that no other thread uses meanwhile, opening one if needed.
     *
     * @throws UnknownModelException when the model is no longer servable
     */
    <T> T withEngine(ServableModel model, Function<TextToImageEngine, T> work);
}
