package io.clipvq.worker.testing;

import io.clipvq.contracts.job.ModelRef;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny random-weight model bundles that the integration tests run the packaged worker on. */
public final class TestBundles {
    private TestBundles() {
    }

    /**
     * Writes a bundle under target/ (so it goes with {@code mvn clean}). Weights of scale 0.5, not the default
     * 0.02, so that different seeds give different images and same-bytes checks mean something; 20 timesteps
     * keep generation fast.
     *
     * @param dirPrefix start of the bundle folder's name, which tells the tests' bundles apart
     * @param seed      seed of the random weights
     */
    public static Path writeRandom(ModelRef model, long seed, String dirPrefix) throws IOException {
        Path bundle = Files.createTempDirectory(Path.of("target"), dirPrefix);
        // the writer creates the folder itself; the temp folder only reserved a unique name
        Files.delete(bundle);
        RandomBundleFactory.builder().optName(model.name()).optVersion(model.version()).optSeed(seed).optScale(0.5)
                .optTimesteps(20).build().write(bundle);
        return bundle;
    }

    /** Stops the worker, then the client; either may be null when the setup failed before it. */
    public static void close(WorkerProcess worker, JobTestClient client) throws Exception {
        try (client) {
            if (worker != null) {
                worker.close();
            }
        }
    }
}
