package io.clipvq.modelbuild.graphs;

/**
 * A small CNN CLIP image tower: a 3x3 stem conv at full resolution, then {@code stages} 3x3 convs of stride 2,
 * each doubling the channels, SiLU after every conv. The head reads the final feature map twice: flattened (so the
 * embedding keeps where the object is, which a global mean would blur) and averaged over the grid (so what the
 * object is reads the same wherever it is, instead of being learnt anew per position); the two are concatenated,
 * LayerNorm'd and projected to D without bias. Input is CLIP normalised pixels [B, 3, S, S]; the output is NOT
 * normalised.
 *
 * <p>Weights (PyTorch names and layouts), C_i = width * 2^i, G = S / 2^stages:
 * <pre>
 * visual.stem.weight/.bias                  [C_0, 3, 3, 3] [C_0]            stride 1, padding 1
 * visual.stages.{i}.weight/.bias            [C_{i+1}, C_i, 3, 3] [C_{i+1}]  stride 2, padding 1
 * visual.post_norm.weight/.bias             [H] [H]      H = F + C_stages: the map flattened channel-major
 *                                                        (c, y, x; F = C_stages * G * G), then its mean per channel
 * visual.projection.weight                  [D, H]  (no bias)
 * </pre>
 */
public record ClipConvImageSpec(int imageSize, int width, int stages, int embedDim) implements ClipImageTowerSpec {

    public static final String PREFIX = ClipImageSpec.PREFIX;
    public static final int KERNEL = 3;

    public ClipConvImageSpec {
        Checks.positive("imageSize", imageSize);
        Checks.positive("width", width);
        Checks.positive("stages", stages);
        Checks.positive("embedDim", embedDim);
        Checks.divisible("imageSize", imageSize, "2^stages", 1 << stages);
    }

    /** C_i, the channels after the stem (i = 0) and after stage i. */
    public int channels(int i) {
        return width << i;
    }

    /** G, the side of the last feature map. */
    public int gridSide() {
        return imageSize >> stages;
    }

    /** F, the length of the flattened last feature map. */
    public int flatFeatures() {
        return channels(stages) * gridSide() * gridSide();
    }

    /** H, the length of the head's input: the flattened map and the per-channel means. */
    public int headFeatures() {
        return flatFeatures() + channels(stages);
    }

    @Override
    public WeightLayout layout() {
        WeightLayout.Builder b = WeightLayout.builder().conv(PREFIX + "stem", 3, channels(0), KERNEL);
        for (int i = 0; i < stages; i++) {
            b.conv(PREFIX + "stages." + i, channels(i), channels(i + 1), KERNEL);
        }
        return b.layerNorm(PREFIX + "post_norm", headFeatures())
                .linear(PREFIX + "projection", headFeatures(), embedDim, false)
                .build();
    }
}
