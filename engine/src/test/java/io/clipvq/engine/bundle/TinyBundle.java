package io.clipvq.engine.bundle;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.modelbuild.bundle.BundleWriter;
import io.clipvq.modelbuild.onnx.OnnxGraphBuilder;
import io.clipvq.modelbuild.onnx.OnnxType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A tiny, complete bundle for the loader's tests: each ONNX file is a few nodes with the exact signature of
 * {@link BundleSignatures} (real computations, not stubs, so ONNX Runtime accepts and can run them).
 * Sizes are fields so that a test can write one file with a wrong size.
 */
final class TinyBundle {
    int codebookSize = 16;
    int gridHeight = 4;
    int gridWidth = 4;
    int imageSize = 8;
    int clipDim = 8;
    int clipImageSize = 8;
    int contextLength = 77;
    int timesteps = 10;

    private final Random random = new Random(7);
    private final Map<String, byte[]> replaced = new HashMap<>();

    BundleManifest manifest() {
        return new BundleManifest(BundleManifest.FORMAT_VERSION, "tiny", "1", codebookSize,
                new BundleManifest.CodeGrid(gridHeight, gridWidth), imageSize, clipDim,
                BundleManifest.Diffusion.linear(timesteps), new BundleManifest.Sampling(timesteps, 0.9, 2.0, 4),
                BundleManifest.ClipPreprocessing.openAi(clipImageSize), BundleSignatures.NULL_CONDITION, Map.of());
    }

    /** Writes {@code model} in place of the graph this class would make for {@code file}. */
    TinyBundle replace(String file, byte[] model) {
        replaced.put(file, model);
        return this;
    }

    BundleManifest write(Path directory) throws IOException {
        return new BundleWriter(manifest())
                .onnx(BundleSignatures.CLIP_TEXT, graph(BundleSignatures.CLIP_TEXT, clipText(clipDim, OnnxType.INT64)))
                .onnx(BundleSignatures.CLIP_IMAGE, graph(BundleSignatures.CLIP_IMAGE, clipImage()))
                .onnx(BundleSignatures.DENOISER, graph(BundleSignatures.DENOISER, denoiser(codebookSize, "B")))
                .onnx(BundleSignatures.VQ_DECODER, graph(BundleSignatures.VQ_DECODER, vqDecoder("codes")))
                .onnx(BundleSignatures.VQ_ENCODER, graph(BundleSignatures.VQ_ENCODER, vqEncoder()))
                .nullCondition(randoms(clipDim))
                .write(directory);
    }

    private byte[] graph(String file, byte[] standard) {
        return replaced.getOrDefault(file, standard);
    }

    /** input_ids [B, ctx] -> Cast -> MatMul [ctx, d] -> text_embeds [B, d]. */
    byte[] clipText(int outputDim, OnnxType idsType) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("clip_text");
        String ids = g.input("input_ids", idsType, "B", (long) contextLength);
        String asFloat = g.node("Cast", List.of(ids), Map.of("to", (long) OnnxType.FLOAT.code()));
        String embeds = g.node("MatMul", List.of(asFloat, weights(g, "proj", contextLength, outputDim)), Map.of());
        g.output("text_embeds", embeds, OnnxType.FLOAT, "B", (long) outputDim);
        return g.build();
    }

    /** pixel_values [B, 3, S, S] -> mean over the image -> MatMul [3, D] -> image_embeds [B, D]. */
    byte[] clipImage() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("clip_image");
        String pixels = g.input("pixel_values", OnnxType.FLOAT, "B", 3L, (long) clipImageSize, (long) clipImageSize);
        String pooled = g.node("ReduceMean", List.of(pixels), Map.of("axes", new long[] {2, 3}, "keepdims", 0L));
        String embeds = g.node("MatMul", List.of(pooled, weights(g, "proj", 3, clipDim)), Map.of());
        g.output("image_embeds", embeds, OnnxType.FLOAT, "B", (long) clipDim);
        return g.build();
    }

    /**
     * x_t [B, N], t [B], cond [B, D] -> log_probs [B, k, N]: LogSoftmax over k of a code embedding plus
     * timestep and condition terms.
     */
    byte[] denoiser(int k, Object batch) {
        long n = (long) gridHeight * gridWidth;
        OnnxGraphBuilder g = new OnnxGraphBuilder("denoiser");
        String codes = g.input("x_t", OnnxType.INT64, batch, n);
        String t = g.input("t", OnnxType.INT64, batch);
        String cond = g.input("cond", OnnxType.FLOAT, batch, (long) clipDim);
        String axis1 = g.constantInt64("axis1", new long[] {1}, 1);
        String byCode = g.node("Gather", List.of(weights(g, "code_table", codebookSize + 1, k), codes), Map.of("axis", 0L));
        String byTime = g.node("Unsqueeze", List.of(
                g.node("Gather", List.of(weights(g, "time_table", timesteps + 1, k), t), Map.of("axis", 0L)), axis1), Map.of());
        String byCond = g.node("Unsqueeze", List.of(
                g.node("MatMul", List.of(cond, weights(g, "cond_proj", clipDim, k)), Map.of()), axis1), Map.of());
        String logits = g.node("Add", List.of(g.node("Add", List.of(byCode, byTime), Map.of()), byCond), Map.of());
        String logProbs = g.node("LogSoftmax", List.of(logits), Map.of("axis", -1L));
        String transposed = g.node("Transpose", List.of(logProbs), Map.of("perm", new long[] {0, 2, 1}));
        g.output("log_probs", transposed, OnnxType.FLOAT, batch, (long) k, n);
        return g.build();
    }

    /** codes [B, h, w] -> colour per code -> nearest upsampling -> Sigmoid -> image [B, 3, H, W] in (0, 1). */
    byte[] vqDecoder(String inputName) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("vq_decoder");
        String codes = g.input(inputName, OnnxType.INT64, "B", (long) gridHeight, (long) gridWidth);
        String colours = g.node("Gather", List.of(weights(g, "palette", codebookSize, 3), codes), Map.of("axis", 0L));
        String channelsFirst = g.node("Transpose", List.of(colours), Map.of("perm", new long[] {0, 3, 1, 2}));
        float factor = (float) imageSize / gridHeight;
        String scales = g.constantFloat("scales", new float[] {1, 1, factor, factor}, 4);
        String upsampled = g.node("Resize", List.of(channelsFirst, "", scales), Map.of("mode", "nearest"));
        g.output("image", g.node("Sigmoid", List.of(upsampled), Map.of()), OnnxType.FLOAT, "B", 3L,
                (long) imageSize, (long) imageSize);
        return g.build();
    }

    /** image [B, 3, H, W] -> average per code cell -> nearest palette direction (ArgMax) -> codes [B, h, w]. */
    byte[] vqEncoder() {
        long f = imageSize / gridHeight;
        OnnxGraphBuilder g = new OnnxGraphBuilder("vq_encoder");
        String image = g.input("image", OnnxType.FLOAT, "B", 3L, (long) imageSize, (long) imageSize);
        String cells = g.node("AveragePool", List.of(image), Map.of("kernel_shape", new long[] {f, f},
                "strides", new long[] {f, f}));
        String channelsLast = g.node("Transpose", List.of(cells), Map.of("perm", new long[] {0, 2, 3, 1}));
        String scores = g.node("MatMul", List.of(channelsLast, weights(g, "palette_t", 3, codebookSize)), Map.of());
        String codes = g.node("ArgMax", List.of(scores), Map.of("axis", -1L, "keepdims", 0L));
        g.output("codes", codes, OnnxType.INT64, "B", (long) gridHeight, (long) gridWidth);
        return g.build();
    }

    private String weights(OnnxGraphBuilder g, String name, int rows, int cols) {
        return g.initializer(name, randoms(rows * cols), rows, cols);
    }

    float[] randoms(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
