package io.clipvq.trainer.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link Layers#conv2d}: output, input gradient, weight gradient and bias gradient against a direct loop over the
 * definition, for batches of more than one (where libtorch's own convolution returns wrong input gradients on
 * AVX-512 CPUs; docs/training-memory.md), strides, padding and groups.
 */
class ConvolutionTest {
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest(name = "batch {0}, {1} -> {2} channels, {3}x{3} kernel, stride {4}, pad {5}, groups {6}, {7} px")
    @CsvSource({
            "2, 8, 8, 3, 1, 1, 1, 8",     // the VQ-GAN's residual convolutions
            "3, 3, 8, 4, 2, 1, 1, 9",     // the discriminator's strided 4x4 convolutions, odd size
            "2, 4, 4, 1, 1, 0, 1, 5",     // quantize.proj
            "2, 3, 6, 3, 1, 1, 3, 8",     // the Sobel filters: 2 outputs per channel
            "2, 3, 3, 2, 2, 0, 3, 8",     // 2x2 average pooling as a grouped convolution
            "1, 8, 8, 3, 1, 1, 1, 8"})
    void should_match_the_definition_forward_and_backward(int batch, int in, int out, int k, int stride, int pad,
                                                          int groups, int size) {
        SplittableRandom random = new SplittableRandom(batch * 1000L + in * 100 + k * 10 + groups);
        float[] x = gaussian(random, batch * in * size * size);
        float[] w = gaussian(random, out * (in / groups) * k * k);
        float[] b = gaussian(random, out);
        int outSize = (size + 2 * pad - k) / stride + 1;
        float[] upstream = gaussian(random, batch * out * outSize * outSize);
        Reference ref = new Reference(batch, in, out, k, stride, pad, groups, size, outSize, x, w, b, upstream);

        try (NDManager m = NDManager.newBaseManager(); NDScope ignored = new NDScope();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray xa = Tensors.owned(m, x, new Shape(batch, in, size, size));
            NDArray wa = Tensors.owned(m, w, new Shape(out, in / groups, k, k));
            NDArray ba = Tensors.owned(m, b, new Shape(out));
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            ba.setRequiresGradient(true);
            NDArray y = Layers.conv2d(xa, wa, ba, stride, pad, groups);
            assertThat(y.getShape()).isEqualTo(new Shape(batch, out, outSize, outSize));
            collector.backward(y.mul(Tensors.owned(m, upstream, y.getShape())).sum());

            assertThat(y.toFloatArray()).as("output").containsExactly(ref.output(), within((float) TOLERANCE));
            assertThat(xa.getGradient().toFloatArray()).as("input gradient").containsExactly(ref.inputGradient(),
                    within((float) TOLERANCE));
            assertThat(wa.getGradient().toFloatArray()).as("weight gradient").containsExactly(ref.weightGradient(),
                    within((float) TOLERANCE));
            assertThat(ba.getGradient().toFloatArray()).as("bias gradient").containsExactly(ref.biasGradient(),
                    within((float) TOLERANCE));
        }
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** The convolution and its gradients as loops over the definition, in double precision. */
    private record Reference(int batch, int in, int out, int k, int stride, int pad, int groups, int size, int outSize,
                             float[] x, float[] w, float[] b, float[] upstream) {

        /** Calls {@code visit(bo, o, oy, ox, inputIndex, weightIndex)} for every tap that reads inside the image. */
        private void forEachTap(TapVisitor visit) {
            int inPerGroup = in / groups;
            int outPerGroup = out / groups;
            for (int n = 0; n < batch; n++) {
                for (int o = 0; o < out; o++) {
                    int g = o / outPerGroup;
                    for (int oy = 0; oy < outSize; oy++) {
                        for (int ox = 0; ox < outSize; ox++) {
                            int outIndex = ((n * out + o) * outSize + oy) * outSize + ox;
                            for (int c = 0; c < inPerGroup; c++) {
                                for (int ky = 0; ky < k; ky++) {
                                    for (int kx = 0; kx < k; kx++) {
                                        int iy = oy * stride + ky - pad;
                                        int ix = ox * stride + kx - pad;
                                        if (iy < 0 || ix < 0 || iy >= size || ix >= size) {
                                            continue;
                                        }
                                        int channel = g * inPerGroup + c;
                                        visit.tap(outIndex, ((n * in + channel) * size + iy) * size + ix,
                                                ((o * inPerGroup + c) * k + ky) * k + kx);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        float[] output() {
            double[] y = new double[batch * out * outSize * outSize];
            for (int i = 0; i < y.length; i++) {
                y[i] = b[(i / (outSize * outSize)) % out];
            }
            forEachTap((o, i, wi) -> y[o] += (double) x[i] * w[wi]);
            return toFloat(y);
        }

        float[] inputGradient() {
            double[] g = new double[x.length];
            forEachTap((o, i, wi) -> g[i] += (double) upstream[o] * w[wi]);
            return toFloat(g);
        }

        float[] weightGradient() {
            double[] g = new double[w.length];
            forEachTap((o, i, wi) -> g[wi] += (double) upstream[o] * x[i]);
            return toFloat(g);
        }

        float[] biasGradient() {
            double[] g = new double[out];
            for (int i = 0; i < upstream.length; i++) {
                g[(i / (outSize * outSize)) % out] += upstream[i];
            }
            return toFloat(g);
        }

        private static float[] toFloat(double[] v) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return f;
        }
    }

    private interface TapVisitor {
        void tap(int outputIndex, int inputIndex, int weightIndex);
    }
}
