package io.clipvq.modelbuild.graphs;

import java.util.Map;

import static io.clipvq.modelbuild.graphs.ReferenceMath.add;
import static io.clipvq.modelbuild.graphs.ReferenceMath.conv2d;
import static io.clipvq.modelbuild.graphs.ReferenceMath.silu;

/** The VQ-GAN encoder and decoder in plain Java (see {@link VqGanSpec}), independent of the ONNX graphs. */
public final class VqGanReference {
    private VqGanReference() {
    }

    /** @param image [batch, 3, H, W]; returns codes [batch, h, w] (argmax, the lowest index on ties). */
    public static long[] encode(VqGanSpec spec, Map<String, float[]> weights, float[] image, int batch) {
        spec.encoderLayout().check(weights);
        int c = spec.channels();
        int h = spec.imageHeight();
        int w = spec.imageWidth();
        float[] x = silu(conv(weights, "encoder.conv_in", image, batch, VqGanSpec.IMAGE_CHANNELS, h, w, c, 3, 1, 1));
        for (int s = 0; s < spec.stages(); s++) {
            String p = "encoder.down." + s;
            x = silu(conv(weights, p + ".conv", x, batch, c, h, w, c, 3, 2, 1));
            h /= 2;
            w /= 2;
            x = residual(weights, p + ".res", x, batch, c, h, w);
        }
        int k = spec.codebookSize();
        float[] logits = conv(weights, "quantize.proj", x, batch, c, h, w, k, 1, 1, 0);
        long[] codes = new long[batch * h * w];
        for (int b = 0; b < batch; b++) {
            for (int pos = 0; pos < h * w; pos++) {
                int best = 0;
                for (int code = 1; code < k; code++) {
                    if (logits[(b * k + code) * h * w + pos] > logits[(b * k + best) * h * w + pos]) {
                        best = code;
                    }
                }
                codes[b * h * w + pos] = best;
            }
        }
        return codes;
    }

    /** @param codes [batch, h, w] in 0..K-1; returns the image [batch, 3, H, W] in (0, 1). */
    public static float[] decode(VqGanSpec spec, Map<String, float[]> weights, long[] codes, int batch) {
        spec.decoderLayout().check(weights);
        int e = spec.codeDim();
        int c = spec.channels();
        int h = spec.gridHeight();
        int w = spec.gridWidth();
        float[] codebook = weights.get("quantize.embed.weight");
        float[] z = new float[batch * e * h * w];
        for (int b = 0; b < batch; b++) {
            for (int pos = 0; pos < h * w; pos++) {
                int code = Math.toIntExact(codes[b * h * w + pos]);
                for (int j = 0; j < e; j++) {
                    z[(b * e + j) * h * w + pos] = codebook[code * e + j];
                }
            }
        }
        float[] x = silu(conv(weights, "decoder.conv_in", z, batch, e, h, w, c, 3, 1, 1));
        for (int s = 0; s < spec.stages(); s++) {
            String p = "decoder.up." + s;
            x = ReferenceMath.upsampleNearest2x(x, batch * c, h, w);
            h *= 2;
            w *= 2;
            x = silu(conv(weights, p + ".conv", x, batch, c, h, w, c, 3, 1, 1));
            x = residual(weights, p + ".res", x, batch, c, h, w);
        }
        return ReferenceMath.sigmoid(conv(weights, "decoder.conv_out", x, batch, c, h, w, VqGanSpec.IMAGE_CHANNELS, 3, 1, 1));
    }

    private static float[] residual(Map<String, float[]> weights, String p, float[] x, int batch, int c, int h, int w) {
        float[] r = silu(conv(weights, p + ".conv1", x, batch, c, h, w, c, 3, 1, 1));
        return add(x, conv(weights, p + ".conv2", r, batch, c, h, w, c, 3, 1, 1));
    }

    private static float[] conv(Map<String, float[]> weights, String p, float[] x, int batch, int in, int h, int w, int out,
                                int k, int stride, int pad) {
        return conv2d(x, batch, in, h, w, weights.get(p + ".weight"), weights.get(p + ".bias"), out, k, stride, pad);
    }
}
