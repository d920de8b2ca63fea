package io.clipvq.modelbuild.quantize;

/**
 * Symmetric quantization of a weight matrix to 7-bit levels stored as int8, one scale per output channel (column),
 * as the int8 denoiser stores its Linear weights (docs/method.md#int8-denoiser).
 *
 * <p>For a matrix W [in, out] (row-major, the layout the graphs multiply with {@code x W}) column j gets the scale
 * {@code s_j = max_i |W_ij| / 63} and the values {@code q_ij = round(W_ij / s_j)} in [-63, 63], so
 * {@code |W_ij - s_j q_ij| <= s_j / 2}. The zero point is 0. A column of zeros gets scale 1 and zeros.
 *
 * <p>Why 7 bits: x86 CPUs without AVX-512 VNNI multiply uint8 activations by int8 weights with an instruction that
 * adds two neighbouring products in a saturating 16-bit sum. With |q| <= 63 that sum is at most 2 x 255 x 63 =
 * 32,130, below 32,767, so the integer products are exact on every x86 CPU (ONNX Runtime's "reduce range").
 *
 * @param values int8 values, row-major [in, out]
 * @param scales one scale per output column
 */
public record PerChannelInt8(byte[] values, float[] scales, int rows, int columns) {

    public static final int MAX_LEVEL = 63;

    /** Quantizes {@code weights} [rows, columns], row-major. */
    public static PerChannelInt8 quantize(float[] weights, int rows, int columns) {
        if (weights.length != rows * columns) {
            throw new IllegalArgumentException("a " + rows + " x " + columns + " matrix needs " + rows * columns
                    + " values, got " + weights.length);
        }
        float[] scales = new float[columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                float w = weights[r * columns + c];
                if (!Float.isFinite(w)) {
                    throw new IllegalArgumentException("weight [" + r + ", " + c + "] is " + w + "; only finite "
                            + "weights can be quantized");
                }
                scales[c] = Math.max(scales[c], Math.abs(w));
            }
        }
        for (int c = 0; c < columns; c++) {
            scales[c] = scales[c] == 0f ? 1f : scales[c] / MAX_LEVEL;
        }
        byte[] values = new byte[weights.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                long level = Math.round(weights[r * columns + c] / (double) scales[c]);
                values[r * columns + c] = (byte) Math.max(-MAX_LEVEL, Math.min(MAX_LEVEL, level));
            }
        }
        return new PerChannelInt8(values, scales, rows, columns);
    }

    /** The weight the quantized value stands for: {@code s_j * q_ij}. */
    public float dequantized(int row, int column) {
        return scales[column] * values[row * columns + column];
    }
}
