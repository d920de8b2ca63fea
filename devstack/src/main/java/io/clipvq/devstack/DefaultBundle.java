package io.clipvq.devstack;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleManifestJson;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Chooses the model bundles the local worker serves, so that the README's main command works with no setup:
 * an explicit --bundle, else $CLIPVQ_MODEL_BUNDLE_DIR, else the committed bundles under models/ (each subdirectory
 * with a manifest), else a random-weight bundle generated once under the data folder (the job path works end to end
 * with it, but its images are noise: it exists so the stack runs before any model has been trained). Each of these
 * is a bundle directory or a directory of bundles, as the worker's CLIPVQ_MODEL_BUNDLE_DIR takes it.
 */
final class DefaultBundle {

    static final String COMMITTED_BUNDLES = "models";
    /** The model the printed example job uses when the chosen bundles include it (its prompts suit the example). */
    static final String EXAMPLE_MODEL = "shapes";
    static final String RANDOM_BUNDLE = "bundles/random-32";

    /** The chosen directory and the manifests of the bundles in it (for the printed lines), by directory name. */
    record Choice(Path directory, List<BundleManifest> manifests, String why) {

        /** The model of the printed example job: the Shapes bundle when there is one, else the first. */
        BundleManifest manifest() {
            return manifests.stream().filter(m -> m.name().equals(EXAMPLE_MODEL)).findFirst()
                    .orElse(manifests.get(0));
        }

        /** "shapes:0.5.1, fashion-mnist:0.1.0". */
        String modelIds() {
            return String.join(", ", manifests.stream().map(m -> m.name() + ":" + m.version()).toList());
        }
    }

    private DefaultBundle() {
    }

    static Choice choose(Path explicit, String fromEnvironment, Path projectRoot, Path dataDir, PrintStream out)
            throws IOException {
        if (explicit != null) {
            return existing(explicit, "--bundle");
        }
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return existing(projectRoot.resolve(fromEnvironment), "$" + WorkerEnvironment.MODEL_BUNDLE_DIR);
        }
        Path committed = projectRoot.resolve(COMMITTED_BUNDLES);
        if (!bundleDirectories(committed).isEmpty()) {
            return existing(committed, "the committed bundles under " + COMMITTED_BUNDLES + "/");
        }
        Path random = dataDir.resolve(RANDOM_BUNDLE);
        if (!Files.isRegularFile(random.resolve(BundleSignatures.MANIFEST))) {
            out.println("No trained bundle found (" + COMMITTED_BUNDLES + "/ holds none): generating a random-weight"
                    + " 32x32 bundle in " + random + " so the job path can run. Its images are noise.");
            Files.createDirectories(random.getParent());
            randomBundle().write(random);
        }
        return existing(random, "a random-weight bundle (no trained model found)");
    }

    /** Small enough that best-of-16 takes seconds on a laptop CPU; 32x32 like the Shapes world. */
    static RandomBundleFactory randomBundle() {
        return RandomBundleFactory.builder().optName("random-32").optVersion("1")
                .optImageSize(32).optClipImageSize(32).optCodeGrid(8).optCodebookSize(64)
                .optDenoiserLayers(2).optDenoiserWidth(64).optDenoiserHeads(4).optClipDim(64)
                .optSeed(1).build();
    }

    private static Choice existing(Path directory, String why) throws IOException {
        List<Path> bundles = bundleDirectories(directory);
        if (bundles.isEmpty()) {
            throw new IllegalArgumentException("model bundle from " + why + ": neither " + directory.resolve(
                    BundleSignatures.MANIFEST) + " nor any " + BundleSignatures.MANIFEST + " one level below exists");
        }
        List<BundleManifest> manifests = new ArrayList<>();
        for (Path bundle : bundles) {
            manifests.add(BundleManifestJson.parse(Files.readString(bundle.resolve(BundleSignatures.MANIFEST))));
        }
        return new Choice(directory.toAbsolutePath().normalize(), manifests, why);
    }

    /** The directory itself when it holds a manifest, else its subdirectories that do (as the worker reads it). */
    private static List<Path> bundleDirectories(Path directory) throws IOException {
        if (Files.isRegularFile(directory.resolve(BundleSignatures.MANIFEST))) {
            return List.of(directory);
        }
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(child -> Files.isRegularFile(child.resolve(BundleSignatures.MANIFEST))).sorted()
                    .toList();
        }
    }
}
