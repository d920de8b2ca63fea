package io.clipvq.modelbuild.graphs;

/**
 * Architecture of the small CLIP image tower (clip_image.onnx): a ViT without class token. Patchify with a
 * Conv of stride = patch size (no bias), add a learned positional embedding, LayerNorm, pre-LN transformer
 * blocks (bidirectional), mean over the patch tokens, LayerNorm, bias-free projection to D. Input is CLIP
 * normalised pixels [B, 3, S, S]; the output is NOT normalised.
 *
 * <p>Weights (PyTorch names and layouts), G = (S / P)^2 patches:
 * <pre>
 * visual.patch_embed.weight          [W, 3, P, P]
 * visual.positional_embedding        [G, W]
 * visual.pre_norm.weight/.bias       [W] [W]
 * visual.blocks.{i}.*                as in {@link ClipTextSpec}
 * visual.post_norm.weight/.bias      [W] [W]
 * visual.projection.weight           [D, W]  (no bias)
 * </pre>
 */
public record ClipImageSpec(int imageSize, int patchSize, int width, int layers, int heads, int mlpRatio,
                            int embedDim) implements ClipImageTowerSpec {

    public static final String PREFIX = "visual.";

    public ClipImageSpec {
        Checks.positive("imageSize", imageSize);
        Checks.positive("patchSize", patchSize);
        Checks.positive("width", width);
        Checks.positive("layers", layers);
        Checks.positive("heads", heads);
        Checks.positive("mlpRatio", mlpRatio);
        Checks.positive("embedDim", embedDim);
        Checks.divisible("imageSize", imageSize, "patchSize", patchSize);
        Checks.divisible("width", width, "heads", heads);
    }

    public int patchesPerSide() {
        return imageSize / patchSize;
    }

    public int patchCount() {
        return patchesPerSide() * patchesPerSide();
    }

    @Override
    public WeightLayout layout() {
        WeightLayout.Builder b = WeightLayout.builder()
                .normal(PREFIX + "patch_embed.weight", width, 3, patchSize, patchSize)
                .normal(PREFIX + "positional_embedding", patchCount(), width)
                .layerNorm(PREFIX + "pre_norm", width);
        for (int i = 0; i < layers; i++) {
            PreLnBlock.declare(b, PREFIX + "blocks." + i, width, mlpRatio);
        }
        return b.layerNorm(PREFIX + "post_norm", width)
                .linear(PREFIX + "projection", width, embedDim, false)
                .build();
    }
}
