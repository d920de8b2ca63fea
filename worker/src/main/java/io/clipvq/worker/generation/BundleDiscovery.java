package io.clipvq.worker.generation;

import java.util.List;

/**
 * Finds the model bundles in one place. Only manifests are read here: the engine verifies every file and checksum
 * when it opens a bundle.
 */
public interface BundleDiscovery {

    /**
     * The bundles there now. A bundle whose manifest cannot be read is left out (and logged); a place that cannot be
     * listed at all throws, so that the caller keeps what it found there before.
     */
    List<DiscoveredBundle> scan();

    /** Where it looks, for logs and messages. */
    String describe();
}
