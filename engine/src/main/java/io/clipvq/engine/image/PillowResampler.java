package io.clipvq.engine.image;

/**
 * Separable resampling with the kernels and support rules of Pillow's {@code Image.resize}; bicubic is the
 * interpolation CLIP's preprocessing uses. Bicubic: Keys cubic with a = -0.5, support 2; bilinear: triangle,
 * support 1. The support is widened by the scale factor when shrinking (antialiasing), sample centres at (i + 0.5) * scale, weights normalised to sum
 * 1 and edge pixels handled by dropping the taps outside the image (and renormalising). Rows are resampled
 * horizontally first, then vertically, as Pillow does.
 *
 * <p>Two arithmetics: {@link #resizeCrop} works in floating point without clamping (for decoder output, which has
 * no 8-bit levels; bicubic overshoot at sharp edges is kept); {@link #resizeCrop8Bit} reproduces Pillow's 8-bit
 * path exactly (weights in 22-bit fixed point, each pass rounded and clamped to 0..255), which is what CLIP's
 * preprocessing sees for an 8-bit image file. The two agree to about a level where nothing is clamped.
 */
public final class PillowResampler {

    /** Pillow's resampling filters. */
    public enum Filter {
        BICUBIC(2.0),
        BILINEAR(1.0);

        private final double support;

        Filter(double support) {
            this.support = support;
        }

        public double support() {
            return support;
        }

        public double weight(double x) {
            return this == BICUBIC ? bicubic(x) : Math.max(0.0, 1.0 - Math.abs(x));
        }
    }


    private static final double A = -0.5;

    private PillowResampler() {
    }

    /** The taps of one axis: output i reads inputs start[i] .. start[i] + count[i] - 1 with weights[i * taps + k]. */
    public record Taps(int inSize, int outSize, int taps, int[] start, int[] count, double[] weights) {

        public double weight(int output, int tap) {
            return weights[output * taps + tap];
        }
    }

    /** Pillow's precompute_coeffs for a full-range resize of {@code inSize} samples to {@code outSize}. */
    public static Taps taps(int inSize, int outSize, Filter filter) {
        if (inSize <= 0 || outSize <= 0) {
            throw new IllegalArgumentException("resize sizes must be positive, got " + inSize + " -> " + outSize);
        }
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support() * filterScale;
        // multiplied by the reciprocal, not divided, to round exactly as Pillow's C code
        double reciprocalScale = 1.0 / filterScale;
        int taps = (int) Math.ceil(support) * 2 + 1;
        int[] start = new int[outSize];
        int[] count = new int[outSize];
        double[] weights = new double[outSize * taps];
        for (int out = 0; out < outSize; out++) {
            double center = (out + 0.5) * scale;
            // (int) truncates toward zero like the C cast; negatives are clamped right after
            int min = Math.max((int) (center - support + 0.5), 0);
            int max = Math.min((int) (center + support + 0.5), inSize);
            int n = max - min;
            double sum = 0;
            for (int k = 0; k < n; k++) {
                double w = filter.weight((k + min - center + 0.5) * reciprocalScale);
                weights[out * taps + k] = w;
                sum += w;
            }
            if (sum != 0) {
                for (int k = 0; k < n; k++) {
                    weights[out * taps + k] /= sum;
                }
            }
            start[out] = min;
            count[out] = n;
        }
        return new Taps(inSize, outSize, taps, start, count, weights);
    }

    /** Keys cubic convolution kernel with a = -0.5 (Pillow's bicubic_filter). */
    public static double bicubic(double x) {
        double t = Math.abs(x);
        if (t < 1.0) {
            return ((A + 2.0) * t - (A + 3.0)) * t * t + 1;
        }
        if (t < 2.0) {
            return (((t - 5) * t + 8) * t - 4) * A;
        }
        return 0.0;
    }

    /**
     * Resamples a planar [channels, inHeight, inWidth] image and writes only output rows {@code rowTaps} indices
     * firstRow .. firstRow + outRows - 1 and columns firstColumn .. firstColumn + outColumns - 1 (a crop of the
     * resized image, computed without the rest of it) to {@code target} as [channels, outRows, outColumns].
     *
     * @param scratch at least channels * inHeight * outColumns floats, reused between calls by the caller
     */
    public static void resizeCrop(float[] source, int sourceOffset, int channels, Taps rowTaps, Taps columnTaps,
                                  int firstRow, int outRows, int firstColumn, int outColumns,
                                  float[] scratch, float[] target, int targetOffset) {
        int inHeight = rowTaps.inSize();
        int inWidth = columnTaps.inSize();
        if (scratch.length < channels * inHeight * outColumns) {
            throw new IllegalArgumentException("scratch buffer of " + scratch.length + " floats is smaller than "
                    + channels * inHeight * outColumns);
        }
        // horizontal pass: [channels, inHeight, outColumns]
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < inHeight; y++) {
                int sourceRow = sourceOffset + (c * inHeight + y) * inWidth;
                int scratchRow = (c * inHeight + y) * outColumns;
                for (int x = 0; x < outColumns; x++) {
                    int out = firstColumn + x;
                    int first = columnTaps.start()[out];
                    int n = columnTaps.count()[out];
                    int w = out * columnTaps.taps();
                    double sum = 0;
                    for (int k = 0; k < n; k++) {
                        sum += columnTaps.weights()[w + k] * source[sourceRow + first + k];
                    }
                    scratch[scratchRow + x] = (float) sum;
                }
            }
        }
        // vertical pass
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < outRows; y++) {
                int out = firstRow + y;
                int first = rowTaps.start()[out];
                int n = rowTaps.count()[out];
                int w = out * rowTaps.taps();
                int targetRow = targetOffset + (c * outRows + y) * outColumns;
                for (int x = 0; x < outColumns; x++) {
                    double sum = 0;
                    for (int k = 0; k < n; k++) {
                        sum += rowTaps.weights()[w + k] * scratch[(c * inHeight + first + k) * outColumns + x];
                    }
                    target[targetRow + x] = (float) sum;
                }
            }
        }
    }

    private static final int PRECISION_BITS = 32 - 8 - 2;

    /**
     * Pillow's ImagingResample on 8-bit channels: like {@link #resizeCrop} but on levels 0..255 ([channels, inHeight,
     * inWidth] in {@code source}), with the weights converted to fixed point as normalize_coeffs_8bpc does and both
     * passes rounded and clamped to 8 bits. Writes [channels, outRows, outColumns] levels to {@code target}.
     */
    public static void resizeCrop8Bit(int[] source, int channels, Taps rowTaps, Taps columnTaps,
                                      int firstRow, int outRows, int firstColumn, int outColumns, int[] target) {
        int inHeight = rowTaps.inSize();
        int inWidth = columnTaps.inSize();
        if (source.length < channels * inHeight * inWidth || target.length < channels * outRows * outColumns) {
            throw new IllegalArgumentException("source of " + source.length + " or target of " + target.length
                    + " levels is too small for " + channels + " channels");
        }
        int[] columnWeights = fixedPoint(columnTaps.weights());
        int[] rowWeights = fixedPoint(rowTaps.weights());
        int[] scratch = new int[channels * inHeight * outColumns];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < inHeight; y++) {
                int sourceRow = (c * inHeight + y) * inWidth;
                for (int x = 0; x < outColumns; x++) {
                    int out = firstColumn + x;
                    int first = columnTaps.start()[out];
                    int n = columnTaps.count()[out];
                    int w = out * columnTaps.taps();
                    int sum = 1 << (PRECISION_BITS - 1);
                    for (int k = 0; k < n; k++) {
                        sum += source[sourceRow + first + k] * columnWeights[w + k];
                    }
                    scratch[(c * inHeight + y) * outColumns + x] = clip8(sum);
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < outRows; y++) {
                int out = firstRow + y;
                int first = rowTaps.start()[out];
                int n = rowTaps.count()[out];
                int w = out * rowTaps.taps();
                for (int x = 0; x < outColumns; x++) {
                    int sum = 1 << (PRECISION_BITS - 1);
                    for (int k = 0; k < n; k++) {
                        sum += scratch[(c * inHeight + first + k) * outColumns + x] * rowWeights[w + k];
                    }
                    target[(c * outRows + y) * outColumns + x] = clip8(sum);
                }
            }
        }
    }

    /** normalize_coeffs_8bpc: round half away from zero to 22 fractional bits ((int) truncates toward zero). */
    private static int[] fixedPoint(double[] weights) {
        int[] fixed = new int[weights.length];
        for (int i = 0; i < weights.length; i++) {
            double scaled = weights[i] * (1 << PRECISION_BITS);
            fixed[i] = (int) (weights[i] < 0 ? -0.5 + scaled : 0.5 + scaled);
        }
        return fixed;
    }

    private static int clip8(int value) {
        if (value >= (1 << PRECISION_BITS << 8)) {
            return 255;
        }
        return value <= 0 ? 0 : value >> PRECISION_BITS;
    }
}
