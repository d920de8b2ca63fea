package io.clipvq.trainer.pipeline;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.modelbuild.bundle.BundleWriter;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import io.clipvq.trainer.clip.ClipExport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Wraps train-clip's output (clip_text.onnx, clip_image.onnx, clip-spec.json), or an imported CLIP, into a loadable bundle, because
 * train-diffusion and export take the CLIP as a bundle. Only its CLIP files and manifest clip fields are meant
 * to be read: the denoiser and VQ decoder are tiny random placeholders that satisfy the bundle contract.
 */
public final class ClipCarrierBundle {
    private ClipCarrierBundle() {
    }

    public static ModelBundle write(Path clipOutput, Path bundleDir) throws IOException {
        ClipExport.Spec spec = ClipExport.readSpec(clipOutput.resolve(ClipExport.SPEC_FILE));
        int clipDim = spec.image().embedDim();
        Path placeholders = Files.createTempDirectory("clip-carrier-");
        try {
            RandomBundleFactory random = RandomBundleFactory.builder().optName("clip-carrier").optClipDim(clipDim)
                    .optImageSize(spec.clip().imageSize()).optClipImageSize(spec.clip().imageSize()).build();
            random.write(placeholders);
            BundleManifest m = random.manifest();
            BundleManifest manifest = new BundleManifest(m.formatVersion(), m.name(), m.version(), m.codebookSize(),
                    m.codeGrid(), m.imageSize(), clipDim, m.diffusion(), m.sampling(), spec.clip(), m.nullCondition(), null);
            new BundleWriter(manifest)
                    .onnx(BundleSignatures.DENOISER, Files.readAllBytes(placeholders.resolve(BundleSignatures.DENOISER)))
                    .onnx(BundleSignatures.VQ_DECODER, Files.readAllBytes(placeholders.resolve(BundleSignatures.VQ_DECODER)))
                    .onnx(BundleSignatures.CLIP_TEXT, Files.readAllBytes(clipOutput.resolve(BundleSignatures.CLIP_TEXT)))
                    .onnx(BundleSignatures.CLIP_IMAGE, Files.readAllBytes(clipOutput.resolve(BundleSignatures.CLIP_IMAGE)))
                    .nullCondition(random.nullCondition())
                    .write(bundleDir);
        } finally {
            deleteTree(placeholders);
        }
        return BundleLoader.load(bundleDir);
    }

    /**
     * The same for a CLIP imported by import-clip ({@link io.clipvq.trainer.clipimport.ImportedClip}): its files are
     * checked against the sha256 that clip.json records, and its tokenizer goes with it.
     */
    public static ModelBundle fromImported(Path importedClip, Path bundleDir) throws IOException {
        io.clipvq.trainer.clipimport.ImportedClip clip = io.clipvq.trainer.clipimport.ImportedClip.read(importedClip);
        clip.verify(importedClip);
        Path placeholders = Files.createTempDirectory("clip-carrier-");
        try {
            RandomBundleFactory random = RandomBundleFactory.builder().optName("clip-carrier").optClipDim(clip.clipDim())
                    .build();
            random.write(placeholders);
            BundleManifest m = random.manifest();
            BundleManifest manifest = new BundleManifest(m.formatVersion(), m.name(), m.version(), m.codebookSize(),
                    m.codeGrid(), m.imageSize(), clip.clipDim(), m.diffusion(), m.sampling(), clip.clip(),
                    m.nullCondition(), null);
            new BundleWriter(manifest)
                    .onnx(BundleSignatures.DENOISER, Files.readAllBytes(placeholders.resolve(BundleSignatures.DENOISER)))
                    .onnx(BundleSignatures.VQ_DECODER, Files.readAllBytes(placeholders.resolve(BundleSignatures.VQ_DECODER)))
                    .onnx(BundleSignatures.CLIP_TEXT, Files.readAllBytes(importedClip.resolve(BundleSignatures.CLIP_TEXT)))
                    .onnx(BundleSignatures.CLIP_IMAGE, Files.readAllBytes(importedClip.resolve(BundleSignatures.CLIP_IMAGE)))
                    .optTokenizerVocab(importedClip.resolve(BundleSignatures.TOKENIZER_VOCAB))
                    .nullCondition(random.nullCondition())
                    .write(bundleDir);
        } finally {
            deleteTree(placeholders);
        }
        return BundleLoader.load(bundleDir);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
