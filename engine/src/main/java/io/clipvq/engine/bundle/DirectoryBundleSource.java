package io.clipvq.engine.bundle;

import java.nio.file.Path;

/** A bundle that already lies in a local directory: nothing to fetch. */
public record DirectoryBundleSource(Path directory) implements BundleSource {

    @Override
    public Path fetch(Path workDir) {
        return directory;
    }

    @Override
    public String describe() {
        return directory.toString();
    }
}
