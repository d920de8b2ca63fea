package io.clipvq.worker.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository, found from the test's working directory (the worker module, or the root). */
final class RepoFiles {

    private RepoFiles() {
    }

    /** The repository root: the nearest folder upwards that holds both mvnw and the worker module. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("worker"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
