package io.clipvq.modelbuild.graphs;

/**
 * Plain loops over flat row-major float arrays, written straight from the definitions (double accumulation),
 * used as the independent reference the ONNX graphs are tested against.
 */
public final class ReferenceMath {
    private ReferenceMath() {
    }

    /** y[r, o] = sum_i x[r, i] * w[o, i] + b[o]; w is PyTorch's [out, in]; bias may be null. */
    public static float[] linear(float[] x, int rows, int in, float[] w, float[] b, int out) {
        float[] y = new float[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int i = 0; i < in; i++) {
                    s += (double) x[r * in + i] * w[o * in + i];
                }
                y[r * out + o] = (float) s;
            }
        }
        return y;
    }

    /** LayerNorm over the last axis (biased variance); gain and bias may be null (no affine parameters). */
    public static float[] layerNorm(float[] x, int rows, int width, float[] gain, float[] bias, float eps) {
        float[] y = new float[x.length];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int i = 0; i < width; i++) {
                mean += x[r * width + i];
            }
            mean /= width;
            double var = 0;
            for (int i = 0; i < width; i++) {
                double d = x[r * width + i] - mean;
                var += d * d;
            }
            var /= width;
            double inv = 1 / Math.sqrt(var + eps);
            for (int i = 0; i < width; i++) {
                double v = (x[r * width + i] - mean) * inv;
                if (gain != null) {
                    v *= gain[i];
                }
                if (bias != null) {
                    v += bias[i];
                }
                y[r * width + i] = (float) v;
            }
        }
        return y;
    }

    public static float sigmoid(double v) {
        return (float) (1 / (1 + Math.exp(-v)));
    }

    public static float[] silu(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] * (1 / (1 + Math.exp(-x[i]))));
        }
        return y;
    }

    /** The GELU approximation of CLIP and VQ-Diffusion: x * sigmoid(1.702 x). */
    public static float[] quickGelu(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] * (1 / (1 + Math.exp(-1.702 * x[i]))));
        }
        return y;
    }

    public static float[] sigmoid(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = sigmoid(x[i]);
        }
        return y;
    }

    public static float[] add(float[] a, float[] b) {
        float[] y = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }

    /**
     * Multi-head self-attention of PyTorch layout: qkv = x W_qkv^T + b with rows q | k | v and heads contiguous
     * inside each; softmax(q k^T / sqrt(d)) v per head, optionally causal (position i sees j <= i); then proj.
     *
     * @param x [batch, n, width]
     */
    public static float[] selfAttention(float[] x, int batch, int n, int width, int heads, float[] qkvW, float[] qkvB,
                                        float[] projW, float[] projB, boolean causal) {
        int d = width / heads;
        float[] qkv = linear(x, batch * n, width, qkvW, qkvB, 3 * width);
        float[] merged = new float[batch * n * width];
        double scale = 1 / Math.sqrt(d);
        double[] weights = new double[n];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < n; i++) {
                    int last = causal ? i : n - 1;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= last; j++) {
                        double s = 0;
                        for (int c = 0; c < d; c++) {
                            s += (double) qkv[(b * n + i) * 3 * width + h * d + c]
                                    * qkv[(b * n + j) * 3 * width + width + h * d + c];
                        }
                        weights[j] = s * scale;
                        max = Math.max(max, weights[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= last; j++) {
                        weights[j] = Math.exp(weights[j] - max);
                        sum += weights[j];
                    }
                    for (int c = 0; c < d; c++) {
                        double o = 0;
                        for (int j = 0; j <= last; j++) {
                            o += weights[j] / sum * qkv[(b * n + j) * 3 * width + 2 * width + h * d + c];
                        }
                        merged[(b * n + i) * width + h * d + c] = (float) o;
                    }
                }
            }
        }
        return linear(merged, batch * n, width, projW, projB, width);
    }

    /** The MLP of every transformer block here: fc2(quickGelu(fc1(x))). */
    public static float[] mlp(float[] x, int rows, int width, int hidden, float[] fc1W, float[] fc1B, float[] fc2W,
                              float[] fc2B) {
        float[] h = quickGelu(linear(x, rows, width, fc1W, fc1B, hidden));
        return linear(h, rows, hidden, fc2W, fc2B, width);
    }

    /**
     * 2-D convolution, NCHW, square kernel, zero padding; weight [out, in, k, k], bias [out] or null.
     *
     * @return [batch, out, (h + 2 pad - k) / stride + 1, (w + 2 pad - k) / stride + 1]
     */
    public static float[] conv2d(float[] x, int batch, int in, int h, int w, float[] weight, float[] bias, int out,
                                 int k, int stride, int pad) {
        int ho = (h + 2 * pad - k) / stride + 1;
        int wo = (w + 2 * pad - k) / stride + 1;
        float[] y = new float[batch * out * ho * wo];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < out; o++) {
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++) {
                        double s = bias == null ? 0 : bias[o];
                        for (int c = 0; c < in; c++) {
                            for (int ky = 0; ky < k; ky++) {
                                int iy = oy * stride - pad + ky;
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int kx = 0; kx < k; kx++) {
                                    int ix = ox * stride - pad + kx;
                                    if (ix < 0 || ix >= w) {
                                        continue;
                                    }
                                    s += (double) x[((b * in + c) * h + iy) * w + ix] * weight[((o * in + c) * k + ky) * k + kx];
                                }
                            }
                        }
                        y[((b * out + o) * ho + oy) * wo + ox] = (float) s;
                    }
                }
            }
        }
        return y;
    }

    /** Nearest-neighbour 2x upsampling of NCHW: out[y, x] = in[y / 2, x / 2]. */
    public static float[] upsampleNearest2x(float[] x, int batchTimesChannels, int h, int w) {
        float[] y = new float[batchTimesChannels * 4 * h * w];
        for (int p = 0; p < batchTimesChannels; p++) {
            for (int oy = 0; oy < 2 * h; oy++) {
                for (int ox = 0; ox < 2 * w; ox++) {
                    y[(p * 2 * h + oy) * 2 * w + ox] = x[(p * h + oy / 2) * w + ox / 2];
                }
            }
        }
        return y;
    }

    /** log softmax over each row of length width. */
    public static float[] logSoftmaxRows(float[] x, int rows, int width) {
        float[] y = new float[x.length];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < width; i++) {
                max = Math.max(max, x[r * width + i]);
            }
            double sum = 0;
            for (int i = 0; i < width; i++) {
                sum += Math.exp(x[r * width + i] - max);
            }
            double log = max + Math.log(sum);
            for (int i = 0; i < width; i++) {
                y[r * width + i] = (float) (x[r * width + i] - log);
            }
        }
        return y;
    }
}
