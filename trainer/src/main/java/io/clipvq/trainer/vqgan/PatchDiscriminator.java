package io.clipvq.trainer.vqgan;

import ai.djl.ndarray.NDArray;
import io.clipvq.modelbuild.graphs.WeightLayout;
import io.clipvq.trainer.nn.Layers;
import io.clipvq.trainer.nn.Parameters;

/**
 * The PatchGAN of taming-transformers (NLayerDiscriminator): 4x4 convolutions, LeakyReLU 0.2, channels ndf,
 * 2 ndf, 4 ndf, ... (capped at 8 ndf), stride 2 for the first {@code layers} convolutions, then one stride-1
 * convolution and a stride-1 convolution to one logit per patch. Differences from taming, on purpose: no
 * BatchNorm (its running statistics would make checkpoints and determinism depend on batch order) and every
 * convolution has a bias. The discriminator is never exported, so its weight names are the trainer's own.
 */
public final class PatchDiscriminator {
    private final int layers;
    private final Parameters params;

    public PatchDiscriminator(int layers, Parameters params) {
        this.layers = layers;
        this.params = params;
    }

    public static WeightLayout layout(int ndf, int layers) {
        if (layers < 1) {
            throw new IllegalArgumentException("discriminator layers must be >= 1, got " + layers);
        }
        WeightLayout.Builder b = WeightLayout.builder().conv("disc.conv0", 3, ndf, 4);
        int channels = ndf;
        for (int i = 1; i <= layers; i++) {
            int next = ndf * Math.min(1 << i, 8);
            b.conv("disc.conv" + i, channels, next, 4);
            channels = next;
        }
        return b.conv("disc.out", channels, 1, 4).build();
    }

    public Parameters params() {
        return params;
    }

    /** Patch logits [B, 1, h', w'] of images [B, 3, H, W]. */
    public NDArray forward(NDArray image) {
        NDArray x = Layers.leakyRelu(Layers.conv(image, params, "disc.conv0", 2, 1), 0.2f);
        for (int i = 1; i <= layers; i++) {
            x = Layers.leakyRelu(Layers.conv(x, params, "disc.conv" + i, i < layers ? 2 : 1, 1), 0.2f);
        }
        return Layers.conv(x, params, "disc.out", 1, 1);
    }
}
