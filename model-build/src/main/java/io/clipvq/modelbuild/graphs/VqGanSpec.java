package io.clipvq.modelbuild.graphs;

/**
 * Architecture of the small VQ-GAN (Gumbel quantizer) whose two halves are vq_encoder.onnx and vq_decoder.onnx.
 * Every convolution is 3x3 with padding 1 unless stated; S = log2(f) stages; C = channels; E = code dim.
 *
 * <p>Encoder, image [B, 3, H, W] -> codes [B, h, w]:
 * <pre>
 * x = silu(encoder.conv_in(image))                              3 -> C
 * per stage s: x = silu(encoder.down.{s}.conv(x))               C -> C, stride 2 (halves H and W)
 *              x = x + encoder.down.{s}.res.conv2(silu(encoder.down.{s}.res.conv1(x)))
 * logits = quantize.proj(x)                                     1x1 conv C -> K
 * codes = argmax over K (inference uses argmax, docs/method.md#gumbel-softmax-quantizer; ties go to the lowest index)
 * </pre>
 * Decoder, codes [B, h, w] -> image [B, 3, H, W] in (0, 1):
 * <pre>
 * z = quantize.embed.weight[codes]                              [K, E] codebook, to [B, E, h, w]
 * x = silu(decoder.conv_in(z))                                  E -> C
 * per stage s: x = nearest 2x upsample(x)                       (out[i] = in[i / 2], as nn.Upsample)
 *              x = silu(decoder.up.{s}.conv(x))                 C -> C
 *              x = x + decoder.up.{s}.res.conv2(silu(decoder.up.{s}.res.conv1(x)))
 * image = sigmoid(decoder.conv_out(x))                          C -> 3
 * </pre>
 * Conv weights are PyTorch's [out, in, k, k] with a bias [out]. One state dict feeds both graphs: each takes
 * the names it needs.
 *
 * @param codebookSize     K
 * @param codeDim          E, dimension of a codebook entry
 * @param gridHeight       h
 * @param gridWidth        w
 * @param downsampleFactor f = H / h, a power of two
 * @param channels         C, channels of every hidden convolution
 */
public record VqGanSpec(int codebookSize, int codeDim, int gridHeight, int gridWidth, int downsampleFactor,
                        int channels) {

    public static final int IMAGE_CHANNELS = 3;

    public VqGanSpec {
        Checks.positive("codebookSize", codebookSize);
        Checks.positive("codeDim", codeDim);
        Checks.positive("gridHeight", gridHeight);
        Checks.positive("gridWidth", gridWidth);
        Checks.powerOfTwo("downsampleFactor", downsampleFactor);
        Checks.positive("channels", channels);
    }

    public int stages() {
        return Integer.numberOfTrailingZeros(downsampleFactor);
    }

    public int imageHeight() {
        return gridHeight * downsampleFactor;
    }

    public int imageWidth() {
        return gridWidth * downsampleFactor;
    }

    public WeightLayout encoderLayout() {
        WeightLayout.Builder b = WeightLayout.builder().conv("encoder.conv_in", IMAGE_CHANNELS, channels, 3);
        for (int s = 0; s < stages(); s++) {
            String p = "encoder.down." + s;
            b.conv(p + ".conv", channels, channels, 3)
                    .conv(p + ".res.conv1", channels, channels, 3)
                    .conv(p + ".res.conv2", channels, channels, 3);
        }
        return b.conv("quantize.proj", channels, codebookSize, 1).build();
    }

    public WeightLayout decoderLayout() {
        WeightLayout.Builder b = WeightLayout.builder()
                .normal("quantize.embed.weight", codebookSize, codeDim)
                .conv("decoder.conv_in", codeDim, channels, 3);
        for (int s = 0; s < stages(); s++) {
            String p = "decoder.up." + s;
            b.conv(p + ".conv", channels, channels, 3)
                    .conv(p + ".res.conv1", channels, channels, 3)
                    .conv(p + ".res.conv2", channels, channels, 3);
        }
        return b.conv("decoder.conv_out", channels, IMAGE_CHANNELS, 3).build();
    }

    /** Encoder and decoder together: the whole VQ-GAN state dict the trainer keeps. */
    public WeightLayout layout() {
        return WeightLayout.builder().addAll(encoderLayout()).addAll(decoderLayout()).build();
    }
}
