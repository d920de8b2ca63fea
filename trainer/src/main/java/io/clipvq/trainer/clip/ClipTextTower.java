package io.clipvq.trainer.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.clipvq.modelbuild.graphs.ClipTextSpec;
import io.clipvq.trainer.nn.Layers;
import io.clipvq.trainer.nn.Parameters;

/**
 * The CLIP text tower of {@link ClipTextSpec} in DJL, operation for operation the engine's {@code ClipTextGraph}
 * (token + positional embedding, causal pre-LN blocks, final LayerNorm, features at the end-of-text token, the
 * largest id, then the bias-free projection), on parameters named as the spec's layout.
 *
 * <p>It accepts rows shorter than the context length: with a causal mask, the features at the end token depend
 * only on the tokens up to it, so cutting every row after the batch's last end token gives the same embeddings
 * as the full 77 for a fraction of the work (training uses this; the parity test checks it).
 */
public final class ClipTextTower {
    private final ClipTextSpec spec;
    private final Parameters params;

    public ClipTextTower(ClipTextSpec spec, Parameters params) {
        this.spec = spec;
        this.params = params;
    }

    public ClipTextSpec spec() {
        return spec;
    }

    /**
     * @param ids int64 [B, L] token ids, 1 <= L <= context length, each row holding its end token (the largest id)
     * @return the unnormalised text embeddings [B, D]
     */
    public NDArray forward(NDArray ids) {
        Shape shape = ids.getShape();
        if (shape.dimension() != 2 || shape.get(1) < 1 || shape.get(1) > spec.contextLength()) {
            throw new IllegalArgumentException("input_ids must be [B, L] with 1 <= L <= " + spec.contextLength()
                    + ", got " + shape);
        }
        int length = Math.toIntExact(shape.get(1));
        String p = ClipTextSpec.PREFIX;
        NDArray x = Layers.embedding(ids, params, p + "token_embedding.weight")
                .add(params.get(p + "positional_embedding").get("0:" + length));
        NDArray mask = ClipBlocks.causalMask(ids.getManager(), length);
        for (int i = 0; i < spec.layers(); i++) {
            x = ClipBlocks.preLnBlock(x, params, p + "blocks." + i, spec.heads(), mask);
        }
        x = Layers.layerNorm(x, params, p + "final_norm");
        // a one-hot row picks the end token's features exactly (1 * x + 0 * rest) and keeps the gradient path
        NDArray endToken = ids.argMax(1).oneHot(length).toType(DataType.FLOAT32, false).expandDims(1);
        NDArray pooled = endToken.matMul(x).squeeze(1);
        return Layers.linear(pooled, params, p + "projection");
    }

    /**
     * The shortest prefix length that keeps every row's end token: 1 + the largest end position in {@code ids}
     * ([batch, C] flat, C = context length).
     */
    public static int usedLength(long[] ids, int batch, int contextLength) {
        int used = 1;
        for (int b = 0; b < batch; b++) {
            int end = 0;
            for (int i = 1; i < contextLength; i++) {
                if (ids[b * contextLength + i] > ids[b * contextLength + end]) {
                    end = i;
                }
            }
            used = Math.max(used, end + 1);
        }
        return used;
    }
}
