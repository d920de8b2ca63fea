package io.clipvq.engine.bundle;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a model bundle comes from. {@link BundleLoader} verifies whatever a source fetched, so a source only
 * moves bytes: a local directory ({@link DirectoryBundleSource}) or a remote store such as an S3 prefix.
 */
public interface BundleSource {

    /**
     * Makes manifest.json and every file it lists available in a local directory and returns that directory.
     * A remote source downloads below {@code workDir} (and may keep files whose sha256 already matches); a
     * local source may return its own directory and ignore {@code workDir}.
     */
    Path fetch(Path workDir) throws IOException;

    /** Where the bundle comes from, for messages and logs ("/models/shapes", "s3://models/shapes/3"). */
    String describe();
}
