package io.clipvq.trainer.clipimport;

import io.clipvq.modelbuild.onnx.OnnxGraphBuilder;
import io.clipvq.modelbuild.onnx.OnnxType;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small CLIP models laid out as a Hugging Face ONNX export lays out CLIPTextModelWithProjection and
 * CLIPVisionModelWithProjection: the same layer structure (pre-LN transformer blocks with separate q/k/v
 * projections, quick-GELU MLPs, a causal and a padding mask in the text tower, a patch convolution, class token and
 * pre/post layer norms in the vision tower, bias-free projections), the same weight names
 * (text_model.encoder.layers.0.self_attn.q_proj.weight, ...), the same input and output names by default, a
 * symbolic batch and sequence length, and a second output (last_hidden_state) as the exports have. Random weights of
 * a small width: these stand in for a real export in the importer's tests.
 */
final class HuggingFaceClipExport {
    static final int VOCAB = 49408;
    static final int MAX_POSITIONS = 77;

    private final int width;
    private final int heads;
    private final int layers;
    private final int embedDim;
    private final Random random;

    HuggingFaceClipExport(int width, int heads, int layers, int embedDim, long seed) {
        this.width = width;
        this.heads = heads;
        this.layers = layers;
        this.embedDim = embedDim;
        this.random = new Random(seed);
    }

    /** The text tower; {@code idsType} INT64 as exports usually have it, or INT32. */
    byte[] text(String idsName, String maskName, String embedsName, OnnxType idsType) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("clip_text_model");
        Ops o = new Ops(g);
        String ids = g.input(idsName, idsType, "batch_size", "sequence_length");
        String mask = maskName == null ? null : g.input(maskName, idsType, "batch_size", "sequence_length");
        String ids64 = idsType == OnnxType.INT64 ? ids : g.node("Cast", List.of(ids), Map.of("to", (long) OnnxType.INT64.code()));
        String p = "text_model.";
        String length = o.dim(ids64, 1);
        String positions = g.node("Range", List.of(o.i64(0), length, o.i64(1)), Map.of());
        String x = g.node("Gather", List.of(weight(g, p + "embeddings.token_embedding.weight", VOCAB, width), ids64),
                Map.of("axis", 0L));
        x = g.node("Add", List.of(x, g.node("Gather", List.of(weight(g, p + "embeddings.position_embedding.weight",
                MAX_POSITIONS, width), positions), Map.of("axis", 0L))), Map.of());
        // causal mask [L, L] and, when fed, padding mask [B, 1, 1, L]; both additive
        String future = g.node("Greater", List.of(o.unsqueeze(positions, 0), o.unsqueeze(positions, 1)), Map.of());
        String bias = o.where(future);
        if (mask != null) {
            String padded = g.node("Equal", List.of(mask, idsType == OnnxType.INT64 ? o.i64(0) : o.i32(0)), Map.of());
            bias = g.node("Add", List.of(bias, o.where(o.unsqueeze(o.unsqueeze(padded, 1), 1))), Map.of());
        }
        for (int i = 0; i < layers; i++) {
            x = block(g, o, x, p + "encoder.layers." + i + ".", bias);
        }
        String hidden = o.layerNorm(x, p + "final_layer_norm", this);
        String eot = g.node("ArgMax", List.of(ids64), Map.of("axis", 1L, "keepdims", 1L));
        String pooled = g.node("GatherND", List.of(hidden, eot), Map.of("batch_dims", 1L));
        g.output(embedsName, o.linear(pooled, "text_projection", width, embedDim, false, this), OnnxType.FLOAT,
                "batch_size", (long) embedDim);
        g.output("last_hidden_state", hidden, OnnxType.FLOAT, "batch_size", "sequence_length", (long) width);
        return g.build();
    }

    /** The vision tower at {@code imageSize} pixels in patches of {@code patch}. */
    byte[] vision(String pixelsName, String embedsName, int imageSize, int patch, boolean symbolicSize) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("clip_vision_model");
        Ops o = new Ops(g);
        Object side = symbolicSize ? "height" : (Object) (long) imageSize;
        String pixels = g.input(pixelsName, OnnxType.FLOAT, "batch_size", 3L, side, symbolicSize ? "width" : side);
        String p = "vision_model.";
        int grid = imageSize / patch;
        String patches = g.node("Conv", List.of(pixels, weight(g, p + "embeddings.patch_embedding.weight", width, 3,
                patch, patch)), Map.of("kernel_shape", new long[]{patch, patch}, "strides", new long[]{patch, patch}));
        patches = g.node("Reshape", List.of(patches, g.constantInt64("patch_rows", new long[]{0, width, -1}, 3)),
                Map.of());
        patches = g.node("Transpose", List.of(patches), Map.of("perm", new long[]{0, 2, 1}));
        String batch = o.dim(pixels, 0);
        String clsShape = g.node("Concat", List.of(o.unsqueeze(batch, 0), g.constantInt64("cls_rest",
                new long[]{1, width}, 2)), Map.of("axis", 0L));
        String cls = g.node("Expand", List.of(weight(g, p + "embeddings.class_embedding", width), clsShape), Map.of());
        String x = g.node("Concat", List.of(cls, patches), Map.of("axis", 1L));
        x = g.node("Add", List.of(x, weight(g, p + "embeddings.position_embedding.weight", grid * grid + 1, width)),
                Map.of());
        x = o.layerNorm(x, p + "pre_layrnorm", this);
        for (int i = 0; i < layers; i++) {
            x = block(g, o, x, p + "encoder.layers." + i + ".", null);
        }
        String first = g.node("Gather", List.of(x, o.i64(0)), Map.of("axis", 1L));
        String pooled = o.layerNorm(first, p + "post_layernorm", this);
        g.output(embedsName, o.linear(pooled, "visual_projection", width, embedDim, false, this), OnnxType.FLOAT,
                "batch_size", (long) embedDim);
        g.output("last_hidden_state", x, OnnxType.FLOAT, "batch_size", (long) (grid * grid + 1), (long) width);
        return g.build();
    }

    /** A pre-LN block: x + attention(layer_norm1(x)), then + mlp(layer_norm2(.)) with quick-GELU. */
    private String block(OnnxGraphBuilder g, Ops o, String x, String p, String bias) {
        int headDim = width / heads;
        String h = o.layerNorm(x, p + "layer_norm1", this);
        String q = o.heads(o.linear(h, p + "self_attn.q_proj", width, width, true, this), heads, headDim);
        String k = o.heads(o.linear(h, p + "self_attn.k_proj", width, width, true, this), heads, headDim);
        String v = o.heads(o.linear(h, p + "self_attn.v_proj", width, width, true, this), heads, headDim);
        String scores = g.node("Mul", List.of(g.node("MatMul", List.of(q, g.node("Transpose", List.of(k),
                Map.of("perm", new long[]{0, 1, 3, 2}))), Map.of()), o.f32((float) (1 / Math.sqrt(headDim)))), Map.of());
        if (bias != null) {
            scores = g.node("Add", List.of(scores, bias), Map.of());
        }
        String attention = g.node("MatMul", List.of(g.node("Softmax", List.of(scores), Map.of("axis", -1L)), v),
                Map.of());
        attention = g.node("Transpose", List.of(attention), Map.of("perm", new long[]{0, 2, 1, 3}));
        attention = g.node("Reshape", List.of(attention, g.constantInt64(p + "merge_heads", new long[]{0, 0, width},
                3)), Map.of());
        x = g.node("Add", List.of(x, o.linear(attention, p + "self_attn.out_proj", width, width, true, this)), Map.of());
        h = o.layerNorm(x, p + "layer_norm2", this);
        h = o.linear(h, p + "mlp.fc1", width, 4 * width, true, this);
        h = g.node("Mul", List.of(h, g.node("Sigmoid", List.of(g.node("Mul", List.of(h, o.f32(1.702f)), Map.of())),
                Map.of())), Map.of());
        h = o.linear(h, p + "mlp.fc2", 4 * width, width, true, this);
        return g.node("Add", List.of(x, h), Map.of());
    }

    /** A weight of the given shape, drawn from N(0, 0.2^2). */
    String weight(OnnxGraphBuilder g, String name, int... shape) {
        int count = 1;
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            count *= shape[i];
            dims[i] = shape[i];
        }
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * 0.2);
        }
        return g.initializer(name, values, dims);
    }

    /** Small graph-building steps shared by both towers. */
    private final class Ops {
        private final OnnxGraphBuilder g;
        private int constants;

        Ops(OnnxGraphBuilder g) {
            this.g = g;
        }

        String i64(long value) {
            return g.constantInt64("c_i64_" + constants++, new long[]{value});
        }

        String i32(int value) {
            String name = "c_i32_" + constants++;
            return g.node("Cast", List.of(g.constantInt64(name, new long[]{value})), Map.of("to",
                    (long) OnnxType.INT32.code()));
        }

        String f32(float value) {
            return g.constantFloat("c_f32_" + constants++, new float[]{value});
        }

        /** The size of {@code axis} of {@code value}, a scalar int64. */
        String dim(String value, int axis) {
            String shape = g.node("Shape", List.of(value), Map.of());
            return g.node("Gather", List.of(shape, i64(axis)), Map.of("axis", 0L));
        }

        String unsqueeze(String value, long axis) {
            return g.node("Unsqueeze", List.of(value, g.constantInt64("c_axes_" + constants++, new long[]{axis}, 1)),
                    Map.of());
        }

        /** where(condition, -1e9, 0): an additive attention mask. */
        String where(String condition) {
            return g.node("Where", List.of(condition, f32(-1e9f), f32(0f)), Map.of());
        }

        String layerNorm(String x, String name, HuggingFaceClipExport weights) {
            String scale = g.initializer(name + ".weight", ones(width), width);
            String shift = g.initializer(name + ".bias", new float[width], width);
            return g.node("LayerNormalization", List.of(x, scale, shift), Map.of("axis", -1L, "epsilon", 1e-5f));
        }

        /** x W^T (+ b) with W stored [out, in] as PyTorch stores it. */
        String linear(String x, String name, int in, int out, boolean bias, HuggingFaceClipExport weights) {
            String w = weights.weight(g, name + ".weight", out, in);
            String y = g.node("MatMul", List.of(x, g.node("Transpose", List.of(w), Map.of("perm", new long[]{1, 0}))),
                    Map.of());
            return bias ? g.node("Add", List.of(y, weights.weight(g, name + ".bias", out)), Map.of()) : y;
        }

        /** [B, L, W] to [B, H, L, W / H]. */
        String heads(String x, int heads, int headDim) {
            String split = g.node("Reshape", List.of(x, g.constantInt64("c_heads_" + constants++,
                    new long[]{0, 0, heads, headDim}, 4)), Map.of());
            return g.node("Transpose", List.of(split), Map.of("perm", new long[]{0, 2, 1, 3}));
        }

        private float[] ones(int n) {
            float[] values = new float[n];
            java.util.Arrays.fill(values, 1f);
            return values;
        }
    }
}
