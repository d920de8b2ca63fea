package io.clipvq.worker.generation;

import io.clipvq.engine.bundle.BundleSource;
import io.clipvq.engine.bundle.DirectoryBundleSource;
import io.clipvq.worker.config.WorkerConfig;
import io.clipvq.worker.storage.ImageStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Files;
import java.nio.file.Path;

/** Says where the model bundle is: the configured directory, or a prefix of the storage bucket. */
@ApplicationScoped
public class BundleLocator {

    private final WorkerConfig.Model config;
    private final ImageStore store;

    BundleLocator(WorkerConfig config, ImageStore store) {
        this.config = config.model();
        this.store = store;
    }

    public BundleSource source() {
        if (config.bundleDir().filter(dir -> !dir.isBlank()).isPresent()) {
            Path dir = Path.of(config.bundleDir().get());
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("clipvq.model.bundle-dir (CLIPVQ_MODEL_BUNDLE_DIR): " + dir
                        + " is not a directory");
            }
            return new DirectoryBundleSource(dir);
        }
        String prefix = config.bundleS3Prefix().filter(p -> !p.isBlank()).orElseThrow(() ->
                new IllegalStateException("no model bundle configured: set CLIPVQ_MODEL_BUNDLE_DIR to a bundle "
                        + "directory or CLIPVQ_MODEL_BUNDLE_S3_PREFIX to a prefix in the storage bucket"));
        return new S3BundleSource(store, prefix);
    }

    public Path workDir() {
        return Path.of(config.cacheDir());
    }
}
