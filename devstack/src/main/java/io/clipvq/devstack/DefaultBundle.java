package io.clipvq.devstack;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleManifestJson;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Chooses the model bundle the local worker runs, so that the README's main command works with no setup:
 * an explicit --bundle, else $CLIPVQ_MODEL_BUNDLE_DIR, else the committed Shapes bundle under models/shapes,
 * else a random-weight bundle generated once under the data folder (the job path works end to end with it,
 * but its images are noise: it exists so the stack runs before any model has been trained).
 */
final class DefaultBundle {

    static final String COMMITTED_BUNDLE = "models/shapes";
    static final String RANDOM_BUNDLE = "bundles/random-32";

    /** The chosen bundle directory and its manifest (for the printed submit command). */
    record Choice(Path directory, BundleManifest manifest, String why) {
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
        Path committed = projectRoot.resolve(COMMITTED_BUNDLE);
        if (Files.isRegularFile(committed.resolve(BundleSignatures.MANIFEST))) {
            return existing(committed, "the committed bundle " + COMMITTED_BUNDLE);
        }
        Path random = dataDir.resolve(RANDOM_BUNDLE);
        if (!Files.isRegularFile(random.resolve(BundleSignatures.MANIFEST))) {
            out.println("No trained bundle found (" + COMMITTED_BUNDLE + " is missing): generating a random-weight"
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
        Path manifestFile = directory.resolve(BundleSignatures.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IllegalArgumentException("model bundle from " + why + ": " + manifestFile + " does not exist");
        }
        BundleManifest manifest = BundleManifestJson.parse(Files.readString(manifestFile));
        return new Choice(directory.toAbsolutePath().normalize(), manifest, why);
    }
}
