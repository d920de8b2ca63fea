package io.clipvq.modelbuild.graphs;

/**
 * Architecture of the small CLIP text tower (clip_text.onnx), shaped like OpenAI CLIP's: token plus positional
 * embedding, pre-LN transformer blocks with a causal mask, final LayerNorm, the features at the end-of-text token
 * (the argmax of input_ids, as CLIP does; the end token 49407 is the largest id), then a bias-free projection.
 * The output is NOT normalised: consumers normalise the embedding themselves.
 *
 * <p>Weights (PyTorch names and layouts):
 * <pre>
 * text.token_embedding.weight        [V, W]
 * text.positional_embedding          [C, W]
 * text.blocks.{i}.norm1.weight/.bias       [W] [W]
 * text.blocks.{i}.attn.qkv.weight/.bias    [3W, W] [3W]
 * text.blocks.{i}.attn.proj.weight/.bias   [W, W] [W]
 * text.blocks.{i}.norm2.weight/.bias       [W] [W]
 * text.blocks.{i}.mlp.fc1.weight/.bias     [R*W, W] [R*W]   activation x * sigmoid(1.702 x)
 * text.blocks.{i}.mlp.fc2.weight/.bias     [W, R*W] [W]
 * text.final_norm.weight/.bias       [W] [W]
 * text.projection.weight             [D, W]  (no bias)
 * </pre>
 *
 * @param vocabSize     V (49408 for the CLIP BPE vocabulary)
 * @param contextLength C (77)
 * @param embedDim      D, the shared CLIP embedding dimension
 */
public record ClipTextSpec(int vocabSize, int contextLength, int width, int layers, int heads, int mlpRatio,
                           int embedDim) {

    public static final int CLIP_VOCAB_SIZE = 49408;
    public static final int CLIP_CONTEXT_LENGTH = 77;
    public static final String PREFIX = "text.";

    public ClipTextSpec {
        Checks.positive("vocabSize", vocabSize);
        Checks.positive("contextLength", contextLength);
        Checks.positive("width", width);
        Checks.positive("layers", layers);
        Checks.positive("heads", heads);
        Checks.positive("mlpRatio", mlpRatio);
        Checks.positive("embedDim", embedDim);
        Checks.divisible("width", width, "heads", heads);
    }

    /** The CLIP vocabulary and context with the given tower sizes. */
    public static ClipTextSpec of(int width, int layers, int heads, int embedDim) {
        return new ClipTextSpec(CLIP_VOCAB_SIZE, CLIP_CONTEXT_LENGTH, width, layers, heads, 4, embedDim);
    }

    public WeightLayout layout() {
        WeightLayout.Builder b = WeightLayout.builder()
                .normal(PREFIX + "token_embedding.weight", vocabSize, width)
                .normal(PREFIX + "positional_embedding", contextLength, width);
        for (int i = 0; i < layers; i++) {
            PreLnBlock.declare(b, PREFIX + "blocks." + i, width, mlpRatio);
        }
        return b.layerNorm(PREFIX + "final_norm", width)
                .linear(PREFIX + "projection", width, embedDim, false)
                .build();
    }
}
