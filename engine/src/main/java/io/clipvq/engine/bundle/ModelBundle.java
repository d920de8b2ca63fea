package io.clipvq.engine.bundle;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.contracts.bundle.DenoiserPrecision;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A verified model bundle: its manifest, where its files are, and the null condition (read once, since the
 * sampler needs it on every guided step). Made only by {@link BundleLoader}, after every check passed.
 */
public final class ModelBundle {
    private final Path directory;
    private final BundleManifest manifest;
    private final float[] nullCondition;

    ModelBundle(Path directory, BundleManifest manifest, float[] nullCondition) {
        this.directory = directory;
        this.manifest = manifest;
        this.nullCondition = nullCondition.clone();
    }

    public Path directory() {
        return directory;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** The learned null condition for classifier-free guidance, D values (a copy). */
    public float[] nullCondition() {
        return nullCondition.clone();
    }

    /** The local path of a file the manifest lists. */
    public Path file(String name) {
        if (!manifest.files().containsKey(name)) {
            throw new IllegalArgumentException("bundle " + manifest.name() + " " + manifest.version()
                    + " has no file " + name + " (it has " + manifest.files().keySet() + ")");
        }
        return directory.resolve(name);
    }

    public Path clipText() {
        return file(BundleSignatures.CLIP_TEXT);
    }

    public Path clipImage() {
        return file(BundleSignatures.CLIP_IMAGE);
    }

    /** The denoiser the manifest names as its default ({@code denoiserPrecision}; fp32 when absent). */
    public Path denoiser() {
        return denoiser(manifest.defaultDenoiserPrecision());
    }

    /** The denoiser of this precision; fails, naming the files the bundle has, when it has no such file. */
    public Path denoiser(DenoiserPrecision precision) {
        return file(precision.fileName());
    }

    public Path vqDecoder() {
        return file(BundleSignatures.VQ_DECODER);
    }

    /** Only training bundles need the encoder. */
    public Optional<Path> vqEncoder() {
        return manifest.files().containsKey(BundleSignatures.VQ_ENCODER)
                ? Optional.of(file(BundleSignatures.VQ_ENCODER)) : Optional.empty();
    }

    public Path tokenizerVocab() {
        return file(BundleSignatures.TOKENIZER_VOCAB);
    }

    @Override
    public String toString() {
        return "ModelBundle[" + manifest.name() + " " + manifest.version() + " at " + directory + "]";
    }
}
