package io.clipvq.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * The layers of the clipvq models as explicit tensor operations, each with a one-to-one ONNX form in the
 * model-build's graph builder (MatMul + Add, LayerNormalization, Softmax, Conv, ...). Keeping the operations
 * explicit, rather than using DJL blocks, is what makes the exported graph compute the same function.
 */
public final class Layers {
    /** PyTorch's LayerNorm default, the same constant model-build's graphs use. */
    public static final float LAYER_NORM_EPSILON = io.clipvq.modelbuild.graphs.DenoiserSpec.LAYER_NORM_EPSILON;

    private Layers() {
    }

    /** y = x W^T + b with a PyTorch Linear weight [out, in]; x of any rank with last axis in. */
    public static NDArray linear(NDArray x, Parameters p, String prefix) {
        NDArray y = x.matMul(p.get(prefix + ".weight").transpose());
        String bias = prefix + ".bias";
        return p.contains(bias) ? y.add(p.get(bias)) : y;
    }

    /** LayerNorm over the last axis without affine parameters (biased variance, as PyTorch). */
    public static NDArray layerNormPlain(NDArray x) {
        NDArray mean = x.mean(new int[] {-1}, true);
        NDArray centred = x.sub(mean);
        NDArray variance = centred.square().mean(new int[] {-1}, true);
        return centred.div(variance.add(Tensors.scalar(variance, LAYER_NORM_EPSILON)).sqrt());
    }

    /** LayerNorm over the last axis with {@code prefix.weight} and {@code prefix.bias}. */
    public static NDArray layerNorm(NDArray x, Parameters p, String prefix) {
        return layerNormPlain(x).mul(p.get(prefix + ".weight")).add(p.get(prefix + ".bias"));
    }

    /**
     * AdaLN: LN(x) * (1 + sigma) + mu with [sigma | mu] = Linear(SiLU(emb)) ({@code prefix.linear}).
     *
     * @param x   [B, N, W]
     * @param emb [B, W], one conditioning vector per sample
     */
    public static NDArray adaLayerNorm(NDArray x, NDArray emb, Parameters p, String prefix) {
        NDArray scaleShift = linear(silu(emb), p, prefix + ".linear").expandDims(1);
        NDList halves = scaleShift.split(2, scaleShift.getShape().dimension() - 1);
        return layerNormPlain(x).mul(halves.get(0).add(Tensors.scalar(x, 1))).add(halves.get(1));
    }

    public static NDArray silu(NDArray x) {
        return x.mul(x.getNDArrayInternal().sigmoid());
    }

    /** The GELU of CLIP and VQ-Diffusion: x * sigmoid(1.702 x). */
    public static NDArray quickGelu(NDArray x) {
        return x.mul(x.mul(Tensors.scalar(x, 1.702)).getNDArrayInternal().sigmoid());
    }

    public static NDArray sigmoid(NDArray x) {
        return x.getNDArrayInternal().sigmoid();
    }

    /** fc2(quickGelu(fc1(x))). */
    public static NDArray mlp(NDArray x, Parameters p, String prefix) {
        return linear(quickGelu(linear(x, p, prefix + ".fc1")), p, prefix + ".fc2");
    }

    /**
     * Full multi-head self-attention on x [B, N, W]; {@code prefix.qkv} has rows q | k | v with heads
     * contiguous inside each, {@code prefix.proj} mixes the heads.
     */
    public static NDArray selfAttention(NDArray x, Parameters p, String prefix, int heads) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long n = shape.get(1);
        long width = shape.get(2);
        long d = width / heads;
        NDList qkv = linear(x, p, prefix + ".qkv").split(3, 2);
        NDArray q = qkv.get(0).mul(Tensors.scalar(x, 1 / Math.sqrt(d))).reshape(batch, n, heads, d).transpose(0, 2, 1, 3);
        NDArray kT = qkv.get(1).reshape(batch, n, heads, d).transpose(0, 2, 3, 1);
        NDArray v = qkv.get(2).reshape(batch, n, heads, d).transpose(0, 2, 1, 3);
        NDArray attention = q.matMul(kT).softmax(-1);
        NDArray merged = attention.matMul(v).transpose(0, 2, 1, 3).reshape(batch, n, width);
        return linear(merged, p, prefix + ".proj");
    }

    /** Rows of an embedding table {@code name} [rows, W] picked by int64 indices of any shape. */
    public static NDArray embedding(NDArray indices, Parameters p, String name) {
        NDArray table = p.get(name);
        return table.getNDArrayInternal().embedding(indices, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /** Conv2d, NCHW, with PyTorch weights {@code prefix.weight} [out, in, k, k] and {@code prefix.bias}. */
    public static NDArray conv(NDArray x, Parameters p, String prefix, int stride, int pad) {
        String bias = prefix + ".bias";
        return conv2d(x, p.get(prefix + ".weight"), p.contains(bias) ? p.get(bias) : null, stride, pad, 1);
    }

    /**
     * Conv2d as PyTorch defines it (NCHW, cross-correlation, zero padding, weight [out, in / groups, kh, kw], bias
     * [out] or null), computed as im2col and one batched matrix product rather than with libtorch's convolution.
     * On AVX-512 CPUs libtorch 2.7's oneDNN backward-data kernel returns wrong input gradients for batches of more
     * than one (docs/training-memory.md); slicing, stacking and matMul have plain ATen backward passes.
     */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, int pad, int groups) {
        Shape in = x.getShape();
        Shape kernel = weight.getShape();
        long batch = in.get(0);
        long channels = in.get(1);
        long out = kernel.get(0);
        long kh = kernel.get(2);
        long kw = kernel.get(3);
        if (channels != kernel.get(1) * groups || out % groups != 0) {
            throw new IllegalArgumentException("a convolution of " + groups + " groups with weight " + kernel
                    + " does not fit input " + in);
        }
        long outHeight = (in.get(2) + 2L * pad - kh) / stride + 1;
        long outWidth = (in.get(3) + 2L * pad - kw) / stride + 1;
        NDArray padded = pad > 0 ? x.pad(new Shape(pad, pad, pad, pad), 0) : x;
        NDList taps = new NDList();
        for (long ky = 0; ky < kh; ky++) {
            for (long kx = 0; kx < kw; kx++) {
                taps.add(padded.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}", ky, ky + stride * (outHeight - 1) + 1, stride,
                        kx, kx + stride * (outWidth - 1) + 1, stride)));
            }
        }
        long patch = kernel.get(1) * kh * kw;
        long positions = outHeight * outWidth;
        // Columns [groups, patch, batch * positions]: one matrix product per group covers the whole batch, so
        // neither pass expands the weight to one copy per image (a broadcast batched matMul does, in forward and
        // in backward: 16 x 8 MB for the PatchGAN's widest layer at batch 16).
        NDArray columns = NDArrays.stack(taps, 2).reshape(batch, groups, patch, positions)
                .transpose(1, 2, 0, 3).reshape(groups, patch, batch * positions);
        NDArray y = weight.reshape(groups, out / groups, patch).matMul(columns)
                .reshape(out, batch, positions).transpose(1, 0, 2).reshape(batch, out, outHeight, outWidth);
        return bias == null ? y : y.add(bias.reshape(1, out, 1, 1));
    }

    /** x + conv2(silu(conv1(x))), 3x3 convolutions with padding 1. */
    public static NDArray convResidual(NDArray x, Parameters p, String prefix) {
        return x.add(conv(silu(conv(x, p, prefix + ".conv1", 1, 1)), p, prefix + ".conv2", 1, 1));
    }

    /** Nearest-neighbour 2x upsampling of NCHW (out[y, x] = in[y / 2, x / 2]). */
    public static NDArray upsampleNearest2x(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    /** max(x, slope * x). */
    public static NDArray leakyRelu(NDArray x, float slope) {
        return x.maximum(x.mul(Tensors.scalar(x, slope)));
    }
}
