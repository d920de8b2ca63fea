package io.clipvq.modelbuild.graphs;

import java.util.List;

/**
 * Architecture of the denoiser (docs/method.md#denoiser-transformer).
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
 * blocks.{i}.mlp.fc1.weight/.bias       [R*W, W] [R*W]       (mlp = LINEAR)
 * blocks.{i}.mlp.fc2.weight/.bias       [W, R*W] [W]
 * blocks.{i}.mlp.conv1.weight/.bias     [R*W, W, 3, 3] [R*W] (mlp = CONV3X3, padding 1, on the h x w grid)
 * blocks.{i}.mlp.conv2.weight/.bias     [W, R*W, 3, 3] [W]
 * head.norm.weight/.bias       [W] [W]    LayerNorm with affine parameters
 * head.linear.weight/.bias     [K, W] [K]
 * </pre>
 * With code factors [n_0, ..., n_{F-1}] (product K; code = ((c_0 * n_1 + c_1) * n_2 + c_2) ..., c_0 slowest) the
 * code embedding and the output layer are factorised instead, so that a code combining parts never seen together in
 * training (a colour with a shape) still gets a trained embedding and a trained probability:
 * <pre>
 * code_embed.factor{i}.weight        [n_i, W]  code embedding = sum over i of row c_i
 * code_embed.mask.weight             [1, W]    the [MASK] embedding
 * head.linear.factor{i}.weight/.bias [n_i, W] [n_i]
 * </pre>
 * log p~(code) = sum over i of log_softmax(head.linear.factor{i}(h))[c_i], which is the log-softmax over K of the
 * summed factor logits (the partition function of a sum factorises).
 *
 * <p>LayerNorm epsilon is {@value #LAYER_NORM_EPSILON} everywhere (PyTorch's default). The sigma half comes first,
 * as in VQ-Diffusion's AdaLayerNorm ({@code scale, shift = chunk(linear(silu(emb)), 2)}).
 *
 * <p>The MLP is either linear per position (the cheap default) or, as in the CLIP-VQDiffusion / VQ-Diffusion code
 * (Conv_MLP), two 3x3 convolutions over the h x w code grid (about 6x the compute); both use x * sigmoid(1.702 x).
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
 * @param mlp          the MLP variant of every block
 * @param codeFactors  empty for a plain K-row code embedding and output layer, else the factor sizes (at least two,
 *                     product K) of a factorised code
 */
public record DenoiserSpec(int codebookSize, int gridHeight, int gridWidth, int width, int layers, int heads,
                           int mlpRatio, int clipDim, int timesteps, Mlp mlp, List<Integer> codeFactors) {

    /** The MLP of a block. */
    public enum Mlp {
        /** fc2(gelu(fc1(x))) per position. */
        LINEAR,
        /** conv2(gelu(conv1(x))) with 3x3 convolutions over the code grid. */
        CONV3X3
    }

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
        if (mlp == null) {
            throw new IllegalArgumentException("mlp must be LINEAR or CONV3X3, got null");
        }
        codeFactors = codeFactors == null ? List.of() : List.copyOf(codeFactors);
        if (!codeFactors.isEmpty()) {
            long product = 1;
            for (int f : codeFactors) {
                Checks.positive("code factor", f);
                product *= f;
            }
            if (codeFactors.size() < 2 || product != codebookSize) {
                throw new IllegalArgumentException("codeFactors " + codeFactors + " must be at least two sizes whose product is"
                        + " codebookSize " + codebookSize);
            }
        }
    }

    /** A denoiser with a plain (not factorised) code embedding and output layer. */
    public DenoiserSpec(int codebookSize, int gridHeight, int gridWidth, int width, int layers, int heads,
                        int mlpRatio, int clipDim, int timesteps, Mlp mlp) {
        this(codebookSize, gridHeight, gridWidth, width, layers, heads, mlpRatio, clipDim, timesteps, mlp, List.of());
    }

    /** A denoiser with the linear MLP. */
    public DenoiserSpec(int codebookSize, int gridHeight, int gridWidth, int width, int layers, int heads,
                        int mlpRatio, int clipDim, int timesteps) {
        this(codebookSize, gridHeight, gridWidth, width, layers, heads, mlpRatio, clipDim, timesteps, Mlp.LINEAR);
    }

    /** The same denoiser with its codes factorised over these sizes (empty: not factorised). */
    public DenoiserSpec withCodeFactors(List<Integer> factors) {
        return new DenoiserSpec(codebookSize, gridHeight, gridWidth, width, layers, heads, mlpRatio, clipDim, timesteps, mlp,
                factors);
    }

    public boolean factorised() {
        return !codeFactors.isEmpty();
    }

    /** Part i of a code: c_i of code = ((c_0 * n_1 + c_1) * n_2 + c_2) ... */
    public int codePart(int code, int factor) {
        int stride = 1;
        for (int j = factor + 1; j < codeFactors.size(); j++) {
            stride *= codeFactors.get(j);
        }
        return code / stride % codeFactors.get(factor);
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
        WeightLayout.Builder b = WeightLayout.builder();
        if (factorised()) {
            for (int i = 0; i < codeFactors.size(); i++) {
                b.normal("code_embed.factor" + i + ".weight", codeFactors.get(i), w);
            }
            b.normal("code_embed.mask.weight", 1, w);
        } else {
            b.normal("code_embed.weight", codebookSize + 1, w);
        }
        b.normal("row_embed.weight", gridHeight, w)
                .normal("col_embed.weight", gridWidth, w)
                .normal("time_embed.weight", timesteps, w)
                .linear("cond_proj", clipDim, w, true);
        for (int i = 0; i < layers; i++) {
            String p = "blocks." + i;
            b.linear(p + ".norm1.linear", w, 2 * w, true)
                    .linear(p + ".attn.qkv", w, 3 * w, true)
                    .linear(p + ".attn.proj", w, w, true)
                    .linear(p + ".norm2.linear", w, 2 * w, true);
            if (mlp == Mlp.LINEAR) {
                b.linear(p + ".mlp.fc1", w, mlpWidth(), true).linear(p + ".mlp.fc2", mlpWidth(), w, true);
            } else {
                b.conv(p + ".mlp.conv1", w, mlpWidth(), 3).conv(p + ".mlp.conv2", mlpWidth(), w, 3);
            }
        }
        b.layerNorm("head.norm", w);
        if (factorised()) {
            for (int i = 0; i < codeFactors.size(); i++) {
                b.linear("head.linear.factor" + i, w, codeFactors.get(i), true);
            }
        } else {
            b.linear("head.linear", w, codebookSize, true);
        }
        return b.build();
    }
}
