package io.clipvq.trainer.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.clipvq.engine.models.ClipImageSpec;
import io.clipvq.trainer.nn.Layers;
import io.clipvq.trainer.nn.Parameters;

/**
 * The CLIP image tower of {@link ClipImageSpec} in DJL, operation for operation the engine's
 * {@code ClipImageGraph}: patchify (Conv, stride = patch, no bias), tokens row-major plus positional embedding,
 * LayerNorm, bidirectional pre-LN blocks, mean over patches, LayerNorm, bias-free projection.
 */
public final class ClipImageTower {
    private final ClipImageSpec spec;
    private final Parameters params;

    public ClipImageTower(ClipImageSpec spec, Parameters params) {
        this.spec = spec;
        this.params = params;
    }

    public ClipImageSpec spec() {
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
        long batch = shape.get(0);
        String p = ClipImageSpec.PREFIX;
        NDArray patches = Layers.conv(pixels, params, p + "patch_embed", spec.patchSize(), 0);
        NDArray x = patches.reshape(batch, spec.width(), spec.patchCount()).transpose(0, 2, 1)
                .add(params.get(p + "positional_embedding"));
        x = Layers.layerNorm(x, params, p + "pre_norm");
        for (int i = 0; i < spec.layers(); i++) {
            x = ClipBlocks.preLnBlock(x, params, p + "blocks." + i, spec.heads(), null);
        }
        NDArray pooled = Layers.layerNorm(x.mean(new int[] {1}), params, p + "post_norm");
        return Layers.linear(pooled, params, p + "projection");
    }
}
