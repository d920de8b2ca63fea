package io.clipvq.trainer.vqgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.clipvq.trainer.nn.Layers;
import io.clipvq.trainer.nn.Tensors;

/**
 * The perceptual term's substitute. LPIPS needs pretrained VGG weights, which cannot be had offline, so the
 * VQ-GAN is trained with a "gradient pyramid" loss instead: the mean absolute difference of the horizontal and
 * vertical Sobel responses of the two images, per colour channel, at scales 1, 1/2 and 1/4 (2x2 and 4x4 average
 * pooling). L1 on pixels alone favours blur; matching local gradients at several scales penalises lost edges
 * and texture, which is the part of LPIPS a small model most needs. It has no weights to train or ship.
 */
public final class GradientPyramidLoss {
    private static final float[] SOBEL_X = {-1, 0, 1, -2, 0, 2, -1, 0, 1};
    private static final float[] SOBEL_Y = {-1, -2, -1, 0, 0, 0, 1, 2, 1};
    private static final int[] SCALES = {1, 2, 4};

    private GradientPyramidLoss() {
    }

    /** Mean over scales of mean |sobel(x) - sobel(y)|; images [B, 3, H, W]. */
    public static NDArray loss(NDArray x, NDArray y) {
        NDManager m = x.getManager();
        NDArray sobel = Tensors.owned(m, concat(SOBEL_X, SOBEL_Y), new Shape(2, 1, 3, 3));
        sobel = sobel.div(Tensors.scalar(sobel, 8));
        int channels = (int) x.getShape().get(1);
        NDArray kernels = sobel.tile(new long[] {channels, 1, 1, 1});  // [2C, 1, 3, 3], groups = C
        NDArray total = null;
        int used = 0;
        for (int scale : SCALES) {
            if (x.getShape().get(2) / scale < 3 || x.getShape().get(3) / scale < 3) {
                break;
            }
            NDArray xs = pool(x, scale, channels);
            NDArray ys = pool(y, scale, channels);
            NDArray diff = edges(xs, kernels, channels).sub(edges(ys, kernels, channels)).abs().mean();
            total = total == null ? diff : total.add(diff);
            used++;
        }
        return total.div(Tensors.scalar(total, used));
    }

    private static NDArray edges(NDArray x, NDArray kernels, int channels) {
        return Layers.conv2d(x, kernels, null, 1, 1, channels);
    }

    private static NDArray pool(NDArray x, int scale, int channels) {
        if (scale == 1) {
            return x;
        }
        NDArray kernel = x.getManager().full(new Shape(channels, 1, scale, scale), 1f / (scale * scale), x.getDataType());
        return Layers.conv2d(x, kernel, null, scale, 0, channels);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
