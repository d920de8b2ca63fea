package io.clipvq.engine.models;

/**
 * Architecture of the denoiser (method.md, "Transformer block with AdaLN conditioning"), linear MLP variant.
 *
 * <p>Weights (PyTorch names and layouts; Linear weights are [out, in]):
 * <pre>
 * code_embed.weight            [K+1, W]   code embedding, row K is [MASK]
 * row_embed.weight             [h, W]     learned row position embedding
 * col_embed.weight             [w, W]     learned column position embedding
 * time_embed.weight            [T, W]     row t-1 is timestep t
 * cond_proj.weight/.bias       [W, D] [W] CLIP embedding -> width
 * blocks.{i}.norm1.linear.weight/.bias  [2W, W] [2W]  AdaLN_t: Linear(SiLU(time emb)) = [sigma | mu]
 * blocks.{i}.attn.qkv.weight/.bias      [3W, W] [3W]  rows: q | k | v, heads contiguous inside each
 * blocks.{i}.attn.proj.weight/.bias     [W, W] [W]
 * blocks.{i}.norm2.linear.weight/.bias  [2W, W] [2W]  AdaLN_clip: Linear(SiLU(cond emb)) = [sigma | mu]
 * blocks.{i}.mlp.fc1.weight/.bias       [R*W, W] [R*W]
 * blocks.{i}.mlp.fc2.weight/.bias       [W, R*W] [W]
 * head.norm.weight/.bias       [W] [W]    LayerNorm with affine parameters
 * head.linear.weight/.bias     [K, W] [K]
 * </pre>
 * LayerNorm epsilon is {@value #LAYER_NORM_EPSILON} everywhere (PyTorch's default). The sigma half comes first,
 * as in VQ-Diffusion's AdaLayerNorm ({@code scale, shift = chunk(linear(silu(emb)), 2)}).
 *
 * <p>Only the linear MLP exists so far; the 3x3 convolution MLP over the code grid of the CLIP-VQDiffusion code
 * (about 6x the compute) is not implemented.
 *
 * @param codebookSize K; the [MASK] token is index K
 * @param gridHeight   h, rows of the code grid
 * @param gridWidth    w, columns of the code grid; N = h * w, position n = row * w + column
 * @param width        W, transformer width
 * @param layers       L, number of blocks
 * @param heads        attention heads (W must be divisible by it)
 * @param mlpRatio     R, MLP hidden width = R * W (4 in the paper)
 * @param clipDim      D, dimension of the CLIP condition
 * @param timesteps    T; the graph input t holds t - 1 (0..T-1)
 */
public record DenoiserSpec(int codebookSize, int gridHeight, int gridWidth, int width, int layers, int heads,
                           int mlpRatio, int clipDim, int timesteps) {

    public static final float LAYER_NORM_EPSILON = 1e-5f;

    public DenoiserSpec {
        Checks.positive("codebookSize", codebookSize);
        Checks.positive("gridHeight", gridHeight);
        Checks.positive("gridWidth", gridWidth);
        Checks.positive("width", width);
        Checks.positive("layers", layers);
        Checks.positive("heads", heads);
        Checks.positive("mlpRatio", mlpRatio);
        Checks.positive("clipDim", clipDim);
        Checks.positive("timesteps", timesteps);
        Checks.divisible("width", width, "heads", heads);
    }

    public int sequenceLength() {
        return gridHeight * gridWidth;
    }

    public int maskToken() {
        return codebookSize;
    }

    public int headDim() {
        return width / heads;
    }

    public int mlpWidth() {
        return mlpRatio * width;
    }

    public WeightLayout layout() {
        int w = width;
        WeightLayout.Builder b = WeightLayout.builder()
                .normal("code_embed.weight", codebookSize + 1, w)
                .normal("row_embed.weight", gridHeight, w)
                .normal("col_embed.weight", gridWidth, w)
                .normal("time_embed.weight", timesteps, w)
                .linear("cond_proj", clipDim, w, true);
        for (int i = 0; i < layers; i++) {
            String p = "blocks." + i;
            b.linear(p + ".norm1.linear", w, 2 * w, true)
                    .linear(p + ".attn.qkv", w, 3 * w, true)
                    .linear(p + ".attn.proj", w, w, true)
                    .linear(p + ".norm2.linear", w, 2 * w, true)
                    .linear(p + ".mlp.fc1", w, mlpWidth(), true)
                    .linear(p + ".mlp.fc2", mlpWidth(), w, true);
        }
        return b.layerNorm("head.norm", w)
                .linear("head.linear", w, codebookSize, true)
                .build();
    }
}
