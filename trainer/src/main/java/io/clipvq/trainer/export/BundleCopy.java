package io.clipvq.trainer.export;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.contracts.bundle.DenoiserPrecision;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.modelbuild.bundle.BundleWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;

/**
 * A writer for a new version of a loaded bundle: every file of {@code bundle} byte for byte (the int8 denoiser
 * when it has one) under {@code manifest}. Callers add or replace files before writing.
 */
final class BundleCopy {
    private BundleCopy() {
    }

    static BundleWriter writer(ModelBundle bundle, BundleManifest manifest) throws IOException {
        BundleWriter writer = new BundleWriter(manifest)
                .onnx(BundleSignatures.DENOISER, Files.readAllBytes(bundle.denoiser(DenoiserPrecision.FP32)))
                .onnx(BundleSignatures.CLIP_TEXT, Files.readAllBytes(bundle.clipText()))
                .onnx(BundleSignatures.CLIP_IMAGE, Files.readAllBytes(bundle.clipImage()))
                .onnx(BundleSignatures.VQ_DECODER, Files.readAllBytes(bundle.vqDecoder()))
                .nullCondition(rawNullCondition(bundle))
                .optTokenizerVocab(bundle.tokenizerVocab());
        if (bundle.manifest().files().containsKey(BundleSignatures.DENOISER_INT8)) {
            writer.onnx(BundleSignatures.DENOISER_INT8, Files.readAllBytes(bundle.denoiser(DenoiserPrecision.INT8)));
        }
        if (bundle.vqEncoder().isPresent()) {
            writer.onnx(BundleSignatures.VQ_ENCODER, Files.readAllBytes(bundle.vqEncoder().get()));
        }
        return writer;
    }

    /** The null condition exactly as stored (the loaded copy may have been normalised by the reader). */
    private static float[] rawNullCondition(ModelBundle bundle) throws IOException {
        byte[] bytes = Files.readAllBytes(bundle.file(bundle.manifest().nullCondition()));
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
