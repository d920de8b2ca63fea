package io.clipvq.worker.api;

/**
 * A model this worker can serve.
 *
 * @param id     name:version, as a job request's model names it
 * @param loaded whether its engines are open now (a closed one opens on the first job that needs it)
 */
public record ModelView(String id, String name, String version, boolean loaded) {
}
