package io.clipvq.trainer.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.clipvq.trainer.nn.Layers;
import io.clipvq.trainer.nn.Parameters;
import io.clipvq.trainer.nn.Tensors;

/**
 * The pre-LN transformer block both CLIP towers share, as explicit operations in the order of the engine's
 * {@code PreLnBlockGraph}: x + attn(norm1(x)), then x + mlp(norm2(x)). The attention takes an optional additive
 * mask, which the trainer's {@link Layers#selfAttention} does not (the text tower is causal).
 */
final class ClipBlocks {
    /** The value the engine's ClipTextGraph adds above the diagonal; exp() of it is exactly 0 in float. */
    static final float MASKED_SCORE = -1e9f;

    private ClipBlocks() {
    }

    static NDArray preLnBlock(NDArray x, Parameters p, String prefix, int heads, NDArray additiveMask) {
        x = x.add(selfAttention(Layers.layerNorm(x, p, prefix + ".norm1"), p, prefix + ".attn", heads, additiveMask));
        return x.add(Layers.mlp(Layers.layerNorm(x, p, prefix + ".norm2"), p, prefix + ".mlp"));
    }

    /**
     * Multi-head self-attention on x [B, N, W] with PyTorch-layout {@code prefix.qkv} (rows q | k | v) and
     * {@code prefix.proj}; additiveMask [N, N] is added to the scores, or null for full attention.
     */
    static NDArray selfAttention(NDArray x, Parameters p, String prefix, int heads, NDArray additiveMask) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long n = shape.get(1);
        long width = shape.get(2);
        long d = width / heads;
        NDList qkv = Layers.linear(x, p, prefix + ".qkv").split(3, 2);
        NDArray q = qkv.get(0).mul(Tensors.scalar(x, 1 / Math.sqrt(d))).reshape(batch, n, heads, d).transpose(0, 2, 1, 3);
        NDArray kT = qkv.get(1).reshape(batch, n, heads, d).transpose(0, 2, 3, 1);
        NDArray v = qkv.get(2).reshape(batch, n, heads, d).transpose(0, 2, 1, 3);
        NDArray scores = q.matMul(kT);
        if (additiveMask != null) {
            scores = scores.add(additiveMask);
        }
        NDArray merged = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, n, width);
        return Layers.linear(merged, p, prefix + ".proj");
    }

    /** [n, n] with {@link #MASKED_SCORE} above the diagonal and 0 elsewhere. */
    static NDArray causalMask(NDManager manager, int n) {
        float[] mask = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                mask[i * n + j] = MASKED_SCORE;
            }
        }
        return Tensors.owned(manager, mask, new Shape(n, n));
    }
}
