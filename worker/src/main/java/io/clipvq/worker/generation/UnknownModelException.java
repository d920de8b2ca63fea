package io.clipvq.worker.generation;

/** A job names a model that no bundle of this worker provides. */
public class UnknownModelException extends IllegalStateException {

    public UnknownModelException(String model, String servable) {
        super("model " + model + " is not servable here; servable: " + servable);
    }
}
