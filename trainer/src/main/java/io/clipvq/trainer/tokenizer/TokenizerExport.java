package io.clipvq.trainer.tokenizer;

import io.clipvq.modelbuild.graphs.VqDecoderGraph;
import io.clipvq.modelbuild.graphs.VqEncoderGraph;
import io.clipvq.modelbuild.graphs.VqGanSpec;

import java.util.Map;
import java.util.Optional;

/**
 * A tokenizer as a bundle holds it: its sizes and ONNX files.
 *
 * @param encoderOnnx vq_encoder.onnx, or null when the tokenizer has none (the file is optional in a bundle)
 */
public record TokenizerExport(int codebookSize, int gridHeight, int gridWidth, int imageSize, byte[] decoderOnnx,
                              byte[] encoderOnnx) {

    public Optional<byte[]> encoder() {
        return Optional.ofNullable(encoderOnnx);
    }

    /** The VQ-GAN's two halves, from its named weights. */
    public static TokenizerExport vqGan(VqGanSpec spec, Map<String, float[]> weights) {
        return new TokenizerExport(spec.codebookSize(), spec.gridHeight(), spec.gridWidth(), spec.imageHeight(),
                VqDecoderGraph.build(spec, weights), VqEncoderGraph.build(spec, weights));
    }
}
