package io.clipvq.worker.generation;

import io.clipvq.engine.bundle.BundleSource;

/**
 * A bundle a {@link BundleDiscovery} found: its manifest's name and version, where its files are, and their size in
 * bytes (the memory one open engine is counted for against the engine cache's budget).
 */
public record DiscoveredBundle(String name, String version, BundleSource source, long bytes) {

    /** name:version, as jobs and image metadata name a model. */
    public String id() {
        return name + ":" + version;
    }
}
