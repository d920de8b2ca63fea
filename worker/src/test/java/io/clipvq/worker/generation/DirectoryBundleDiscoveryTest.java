package io.clipvq.worker.generation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class DirectoryBundleDiscoveryTest {

    @TempDir
    Path root;

    @Test
    void should_find_one_bundle_per_subdirectory_sized_by_the_files_its_manifest_lists() throws IOException {
        ManifestFixtures.write(root.resolve("a"), "alpha", "1.0", 100);
        ManifestFixtures.write(root.resolve("b"), "beta", "2.0", 300);
        Files.createDirectories(root.resolve("not-a-bundle"));

        assertThat(new DirectoryBundleDiscovery(root).scan())
                .extracting(DiscoveredBundle::id, DiscoveredBundle::bytes)
                .containsExactly(tuple("alpha:1.0", 100L), tuple("beta:2.0", 300L));
    }

    @Test
    void should_take_a_directory_holding_a_manifest_as_the_one_bundle() throws IOException {
        ManifestFixtures.write(root, "alpha", "1.0", 10);
        ManifestFixtures.write(root.resolve("nested"), "ignored", "1.0", 10);

        assertThat(new DirectoryBundleDiscovery(root).scan()).extracting(DiscoveredBundle::id)
                .containsExactly("alpha:1.0");
    }

    @Test
    void should_skip_a_bundle_whose_manifest_is_broken_and_keep_the_others() throws IOException {
        ManifestFixtures.write(root.resolve("good"), "good", "1.0", 10);
        Files.createDirectories(root.resolve("broken"));
        Files.writeString(root.resolve("broken").resolve("manifest.json"), "{ not json");

        assertThat(new DirectoryBundleDiscovery(root).scan()).extracting(DiscoveredBundle::id)
                .containsExactly("good:1.0");
    }

    @Test
    void should_refuse_a_missing_directory() {
        assertThatThrownBy(() -> new DirectoryBundleDiscovery(root.resolve("absent")).scan())
                .hasMessageContaining("is not a directory");
    }
}
