package io.clipvq.trainer.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.clipvq.modelbuild.graphs.ClipConvImageSpec;
import io.clipvq.modelbuild.graphs.ClipImageSpec;
import io.clipvq.modelbuild.graphs.ClipImageTowerSpec;
import io.clipvq.trainer.nn.Layers;
import io.clipvq.trainer.nn.Parameters;

/**
 * The CLIP image tower in DJL, operation for operation model-build's graph of the same spec. The ViT of
 * {@link ClipImageSpec} ({@code ClipImageGraph}): patchify (Conv, stride = patch, no bias), tokens row-major plus
 * positional embedding, LayerNorm, bidirectional pre-LN blocks, mean over patches, LayerNorm, bias-free projection.
 * The CNN of {@link ClipConvImageSpec} ({@code ClipConvImageGraph}): SiLU(stem conv), SiLU(stride-2 conv) per
 * stage, flatten and channel means concatenated, LayerNorm, bias-free projection.
 */
public final class ClipImageTower {
    private final ClipImageTowerSpec spec;
    private final Parameters params;

    public ClipImageTower(ClipImageTowerSpec spec, Parameters params) {
        this.spec = spec;
        this.params = params;
    }

    public ClipImageTowerSpec spec() {
        return spec;
    }

    /**
     * @param pixels CLIP-normalised [B, 3, S, S]
     * @return the unnormalised image embeddings [B, D]
     */
    public NDArray forward(NDArray pixels) {
        Shape shape = pixels.getShape();
        long s = spec.imageSize();
        if (shape.dimension() != 4 || shape.get(1) != 3 || shape.get(2) != s || shape.get(3) != s) {
            throw new IllegalArgumentException("pixel_values must be [B, 3, " + s + ", " + s + "], got " + shape);
        }
        if (spec instanceof ClipConvImageSpec conv) {
            return forwardConv(conv, pixels);
        }
        ClipImageSpec vit = (ClipImageSpec) spec;
        long batch = shape.get(0);
        String p = ClipImageSpec.PREFIX;
        NDArray patches = Layers.conv(pixels, params, p + "patch_embed", vit.patchSize(), 0);
        NDArray x = patches.reshape(batch, vit.width(), vit.patchCount()).transpose(0, 2, 1)
                .add(params.get(p + "positional_embedding"));
        x = Layers.layerNorm(x, params, p + "pre_norm");
        for (int i = 0; i < vit.layers(); i++) {
            x = ClipBlocks.preLnBlock(x, params, p + "blocks." + i, vit.heads(), null);
        }
        NDArray pooled = Layers.layerNorm(x.mean(new int[] {1}), params, p + "post_norm");
        return Layers.linear(pooled, params, p + "projection");
    }

    private NDArray forwardConv(ClipConvImageSpec conv, NDArray pixels) {
        String p = ClipConvImageSpec.PREFIX;
        NDArray x = Layers.silu(Layers.conv(pixels, params, p + "stem", 1, 1));
        for (int i = 0; i < conv.stages(); i++) {
            x = Layers.silu(Layers.conv(x, params, p + "stages." + i, 2, 1));
        }
        long batch = pixels.getShape().get(0);
        NDArray flat = x.reshape(batch, conv.flatFeatures());
        // one axis at a time: the engine's mean over both grid axes is a mean over the flattened grid
        NDArray means = x.reshape(batch, conv.channels(conv.stages()), (long) conv.gridSide() * conv.gridSide()).mean(new int[] {2});
        NDArray head = flat.concat(means, 1);
        return Layers.linear(Layers.layerNorm(head, params, p + "post_norm"), params, p + "projection");
    }
}
