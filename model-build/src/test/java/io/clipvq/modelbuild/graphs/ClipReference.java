package io.clipvq.modelbuild.graphs;

import java.util.Map;

import static io.clipvq.modelbuild.graphs.ReferenceMath.add;
import static io.clipvq.modelbuild.graphs.ReferenceMath.layerNorm;
import static io.clipvq.modelbuild.graphs.ReferenceMath.linear;
import static io.clipvq.modelbuild.graphs.ReferenceMath.mlp;
import static io.clipvq.modelbuild.graphs.ReferenceMath.selfAttention;

/** Both CLIP towers' forward passes in plain Java (see {@link ClipTextSpec}, {@link ClipImageSpec}). */
public final class ClipReference {
    private static final float EPS = DenoiserSpec.LAYER_NORM_EPSILON;

    private ClipReference() {
    }

    /** @param ids [batch, C] token ids; returns the unnormalised text embeddings [batch, D]. */
    public static float[] text(ClipTextSpec spec, Map<String, float[]> weights, long[] ids, int batch) {
        spec.layout().check(weights);
        String p = ClipTextSpec.PREFIX;
        int c = spec.contextLength();
        int w = spec.width();
        float[] tokens = weights.get(p + "token_embedding.weight");
        float[] positions = weights.get(p + "positional_embedding");
        float[] x = new float[batch * c * w];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < c; i++) {
                int id = Math.toIntExact(ids[b * c + i]);
                for (int j = 0; j < w; j++) {
                    x[(b * c + i) * w + j] = tokens[id * w + j] + positions[i * w + j];
                }
            }
        }
        for (int i = 0; i < spec.layers(); i++) {
            x = block(x, batch, c, w, spec.heads(), spec.mlpRatio(), weights, p + "blocks." + i, true);
        }
        x = layerNorm(x, batch * c, w, weights.get(p + "final_norm.weight"), weights.get(p + "final_norm.bias"), EPS);
        float[] pooled = new float[batch * w];
        for (int b = 0; b < batch; b++) {
            int eot = 0;
            for (int i = 1; i < c; i++) {
                if (ids[b * c + i] > ids[b * c + eot]) {
                    eot = i;
                }
            }
            System.arraycopy(x, (b * c + eot) * w, pooled, b * w, w);
        }
        return linear(pooled, batch, w, weights.get(p + "projection.weight"), null, spec.embedDim());
    }

    /** The forward pass of whichever image tower {@code spec} describes. */
    public static float[] image(ClipImageTowerSpec spec, Map<String, float[]> weights, float[] pixels, int batch) {
        if (spec instanceof ClipConvImageSpec conv) {
            return image(conv, weights, pixels, batch);
        }
        return image((ClipImageSpec) spec, weights, pixels, batch);
    }

    /** The CNN tower: @param pixels [batch, 3, S, S]; returns the unnormalised image embeddings [batch, D]. */
    public static float[] image(ClipConvImageSpec spec, Map<String, float[]> weights, float[] pixels, int batch) {
        spec.layout().check(weights);
        String p = ClipConvImageSpec.PREFIX;
        int k = ClipConvImageSpec.KERNEL;
        int side = spec.imageSize();
        float[] x = ReferenceMath.silu(ReferenceMath.conv2d(pixels, batch, 3, side, side, weights.get(p + "stem.weight"),
                weights.get(p + "stem.bias"), spec.channels(0), k, 1, 1));
        for (int i = 0; i < spec.stages(); i++) {
            x = ReferenceMath.silu(ReferenceMath.conv2d(x, batch, spec.channels(i), side, side,
                    weights.get(p + "stages." + i + ".weight"), weights.get(p + "stages." + i + ".bias"),
                    spec.channels(i + 1), k, 2, 1));
            side = (side + 2 - k) / 2 + 1;
        }
        // NCHW is already [batch, C * G * G] row by row; each row gets its C channel means appended
        int f = spec.flatFeatures();
        int c = spec.channels(spec.stages());
        int cells = f / c;
        int h = spec.headFeatures();
        float[] head = new float[batch * h];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, b * f, head, b * h, f);
            for (int ch = 0; ch < c; ch++) {
                double s = 0;
                for (int i = 0; i < cells; i++) {
                    s += x[b * f + ch * cells + i];
                }
                head[b * h + f + ch] = (float) (s / cells);
            }
        }
        head = layerNorm(head, batch, h, weights.get(p + "post_norm.weight"), weights.get(p + "post_norm.bias"), EPS);
        return linear(head, batch, h, weights.get(p + "projection.weight"), null, spec.embedDim());
    }

    /** The ViT tower: @param pixels [batch, 3, S, S]; returns the unnormalised image embeddings [batch, D]. */
    public static float[] image(ClipImageSpec spec, Map<String, float[]> weights, float[] pixels, int batch) {
        spec.layout().check(weights);
        String p = ClipImageSpec.PREFIX;
        int w = spec.width();
        int g = spec.patchCount();
        int side = spec.patchesPerSide();
        float[] patches = ReferenceMath.conv2d(pixels, batch, 3, spec.imageSize(), spec.imageSize(),
                weights.get(p + "patch_embed.weight"), null, w, spec.patchSize(), spec.patchSize(), 0);
        float[] positions = weights.get(p + "positional_embedding");
        float[] x = new float[batch * g * w];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < g; t++) {
                for (int j = 0; j < w; j++) {
                    // token t is patch (t / side, t % side), row-major as the conv output is flattened
                    x[(b * g + t) * w + j] = patches[((b * w + j) * side + t / side) * side + t % side] + positions[t * w + j];
                }
            }
        }
        x = layerNorm(x, batch * g, w, weights.get(p + "pre_norm.weight"), weights.get(p + "pre_norm.bias"), EPS);
        for (int i = 0; i < spec.layers(); i++) {
            x = block(x, batch, g, w, spec.heads(), spec.mlpRatio(), weights, p + "blocks." + i, false);
        }
        float[] pooled = new float[batch * w];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < w; j++) {
                double s = 0;
                for (int t = 0; t < g; t++) {
                    s += x[(b * g + t) * w + j];
                }
                pooled[b * w + j] = (float) (s / g);
            }
        }
        pooled = layerNorm(pooled, batch, w, weights.get(p + "post_norm.weight"), weights.get(p + "post_norm.bias"), EPS);
        return linear(pooled, batch, w, weights.get(p + "projection.weight"), null, spec.embedDim());
    }

    private static float[] block(float[] x, int batch, int n, int w, int heads, int mlpRatio, Map<String, float[]> weights,
                                 String p, boolean causal) {
        float[] a = layerNorm(x, batch * n, w, weights.get(p + ".norm1.weight"), weights.get(p + ".norm1.bias"), EPS);
        x = add(x, selfAttention(a, batch, n, w, heads, weights.get(p + ".attn.qkv.weight"), weights.get(p + ".attn.qkv.bias"),
                weights.get(p + ".attn.proj.weight"), weights.get(p + ".attn.proj.bias"), causal));
        float[] m = layerNorm(x, batch * n, w, weights.get(p + ".norm2.weight"), weights.get(p + ".norm2.bias"), EPS);
        return add(x, mlp(m, batch * n, w, mlpRatio * w, weights.get(p + ".mlp.fc1.weight"), weights.get(p + ".mlp.fc1.bias"),
                weights.get(p + ".mlp.fc2.weight"), weights.get(p + ".mlp.fc2.bias")));
    }
}
