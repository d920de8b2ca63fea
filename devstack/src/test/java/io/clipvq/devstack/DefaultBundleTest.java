package io.clipvq.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultBundleTest {
    private static final Path SHAPES_MANIFEST = Path.of("..", "models", "shapes", "manifest.json");

    @TempDir
    Path project;

    private final PrintStream out = new PrintStream(new ByteArrayOutputStream());

    @Test
    void should_serve_every_committed_bundle_and_use_shapes_for_the_example_job() throws IOException {
        bundle(project.resolve("models/another"), "another", "2.0");
        bundle(project.resolve("models/shapes"), "shapes", "0.5.1");

        DefaultBundle.Choice choice = DefaultBundle.choose(null, null, project, project.resolve("data"), out);

        assertThat(choice.directory()).isEqualTo(project.resolve("models").toAbsolutePath().normalize());
        assertThat(choice.modelIds()).isEqualTo("another:2.0, shapes:0.5.1");
        assertThat(choice.manifest().name()).isEqualTo("shapes");
    }

    @Test
    void should_take_an_explicit_single_bundle_directory() throws IOException {
        Path single = bundle(project.resolve("elsewhere/one"), "one", "1");

        DefaultBundle.Choice choice = DefaultBundle.choose(single, null, project, project.resolve("data"), out);

        assertThat(choice.modelIds()).isEqualTo("one:1");
        assertThat(choice.manifest().name()).isEqualTo("one");
    }

    @Test
    void should_refuse_an_explicit_directory_without_any_bundle() throws IOException {
        Path empty = Files.createDirectories(project.resolve("empty"));

        assertThatThrownBy(() -> DefaultBundle.choose(empty, null, project, project.resolve("data"), out))
                .hasMessageContaining("model bundle from --bundle: neither")
                .hasMessageContaining("manifest.json one level below exists");
    }

    private static Path bundle(Path dir, String name, String version) throws IOException {
        Files.createDirectories(dir);
        String json = Files.readString(SHAPES_MANIFEST)
                .replaceFirst("\"name\"\\s*:\\s*\"[^\"]*\"", "\"name\": \"" + name + "\"")
                .replaceFirst("\"version\"\\s*:\\s*\"[^\"]*\"", "\"version\": \"" + version + "\"");
        Files.writeString(dir.resolve("manifest.json"), json);
        return dir;
    }
}
