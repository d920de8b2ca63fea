package io.clipvq.worker.generation;

import io.clipvq.engine.bundle.BundleSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Manifests for discovery tests: the committed Shapes manifest under another name and version. */
final class ManifestFixtures {
    private static final Path SHAPES_MANIFEST = Path.of("..", "models", "shapes", "manifest.json");

    private ManifestFixtures() {
    }

    static String manifest(String name, String version) throws IOException {
        String json = Files.readString(SHAPES_MANIFEST);
        return json.replaceFirst("\"name\"\\s*:\\s*\"[^\"]*\"", "\"name\": \"" + name + "\"")
                .replaceFirst("\"version\"\\s*:\\s*\"[^\"]*\"", "\"version\": \"" + version + "\"");
    }

    /** Writes a bundle directory holding only a manifest and one file of {@code denoiserBytes} bytes. */
    static Path write(Path dir, String name, String version, int denoiserBytes) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("manifest.json"), manifest(name, version));
        Files.write(dir.resolve("denoiser.onnx"), new byte[denoiserBytes]);
        return dir;
    }

    static DiscoveredBundle bundle(String name, String version, long bytes) {
        return new DiscoveredBundle(name, version, new BundleSource() {
            @Override
            public Path fetch(Path workDir) {
                return workDir;
            }

            @Override
            public String describe() {
                return "memory:" + name + ":" + version;
            }
        }, bytes);
    }
}
