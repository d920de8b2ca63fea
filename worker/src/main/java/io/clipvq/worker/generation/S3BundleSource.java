package io.clipvq.worker.generation;

import io.clipvq.engine.bundle.BundleSource;
import io.clipvq.worker.storage.ImageStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A model bundle stored under a prefix of the worker's bucket, downloaded below the work directory. Only bytes
 * are moved here: the engine's BundleLoader verifies the manifest and every checksum afterwards.
 */
public final class S3BundleSource implements BundleSource {

    private final ImageStore store;
    private final String prefix;

    public S3BundleSource(ImageStore store, String prefix) {
        this.store = store;
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    }

    @Override
    public Path fetch(Path workDir) throws IOException {
        Path target = workDir.toAbsolutePath().resolve(prefix.replaceAll("[^A-Za-z0-9._-]", "_")).normalize();
        List<String> keys = store.list(prefix);
        if (keys.isEmpty()) {
            throw new IOException("no objects under '" + prefix + "' in bucket '" + store.bucket() + "'");
        }
        for (String key : keys) {
            Path file = target.resolve(key.substring(prefix.length())).normalize();
            if (!file.startsWith(target)) {
                throw new IOException("bundle object '" + key + "' would be written outside " + target);
            }
            store.download(key, file);
        }
        return target;
    }

    @Override
    public String describe() {
        return "s3://" + store.bucket() + "/" + prefix;
    }
}
