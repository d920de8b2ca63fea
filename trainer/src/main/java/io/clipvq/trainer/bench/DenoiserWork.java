package io.clipvq.trainer.bench;

import io.clipvq.modelbuild.graphs.DenoiserSpec;

/**
 * The arithmetic of one denoiser run, counted from its sizes (docs/method.md#denoiser-transformer): multiply-adds
 * of every matrix product, the rest (normalisation, softmax, activations) left out as it is linear in the
 * activations and small beside the products. A FLOP is half a multiply-add.
 */
final class DenoiserWork {
    private DenoiserWork() {
    }

    /** Multiply-adds for one row (one candidate, conditional or unconditional) of one denoiser run. */
    static long multiplyAddsPerRow(DenoiserSpec spec) {
        long n = spec.sequenceLength();
        long w = spec.width();
        long hidden = spec.mlpWidth();
        long perLayer = n * w * 3 * w           // qkv
                + 2 * n * n * w                 // scores q k^T and the weighted sum of v, over all heads
                + n * w * w                     // attention output
                + 2 * (w * 2 * w);              // the two AdaLN modulations, once per row
        perLayer += spec.mlp() == DenoiserSpec.Mlp.LINEAR
                ? 2 * n * w * hidden            // fc1 and fc2
                : 2 * n * 9 * w * hidden;       // two 3x3 convolutions over the code grid
        long outputs = spec.factorised()
                ? spec.codeFactors().stream().mapToLong(Integer::longValue).sum() : spec.codebookSize();
        return spec.layers() * perLayer
                + (long) spec.clipDim() * w     // condition projection
                + n * w * outputs;              // output head
    }
}
