package io.clipvq.worker.generation;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleManifestJson;
import io.clipvq.engine.bundle.DirectoryBundleSource;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bundles in a local directory: the directory itself when it holds a manifest.json, else each subdirectory
 * that holds one (so a single bundle and a directory of bundles are configured the same way).
 */
public final class DirectoryBundleDiscovery implements BundleDiscovery {
    private static final Logger LOG = Logger.getLogger(DirectoryBundleDiscovery.class);
    static final String MANIFEST = "manifest.json";

    private final Path root;

    public DirectoryBundleDiscovery(Path root) {
        this.root = root;
    }

    @Override
    public List<DiscoveredBundle> scan() {
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("model directory " + root + " is not a directory");
        }
        if (Files.isRegularFile(root.resolve(MANIFEST))) {
            return read(root).map(List::of).orElse(List.of());
        }
        List<DiscoveredBundle> found = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            children.filter(dir -> Files.isRegularFile(dir.resolve(MANIFEST))).sorted()
                    .forEach(dir -> read(dir).ifPresent(found::add));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list model directory " + root, e);
        }
        return found;
    }

    private java.util.Optional<DiscoveredBundle> read(Path dir) {
        try {
            BundleManifest manifest = BundleManifestJson.parse(Files.readString(dir.resolve(MANIFEST)));
            long bytes = 0;
            for (String file : manifest.files().keySet()) {
                Path path = dir.resolve(file);
                bytes += Files.isRegularFile(path) ? Files.size(path) : 0;
            }
            return java.util.Optional.of(new DiscoveredBundle(manifest.name(), manifest.version(),
                    new DirectoryBundleSource(dir), bytes));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("skipping model bundle %s: its manifest cannot be read (%s)", dir, e.getMessage());
            return java.util.Optional.empty();
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
