package io.clipvq.engine.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes 8-bit RGB PNG files from planar float images, byte for byte the same for the same pixels: fixed chunk
 * layout (IHDR, one IDAT, IEND, no ancillary chunks such as time stamps or gamma), one fixed row filter (Paeth)
 * and {@link Deflater} at a fixed level and strategy.
 *
 * <p>Rounding: each value v is clamped to [0, 1] and stored as {@code floor(v * 255 + 0.5)}, i.e. rounded to the
 * nearest of the 256 levels with ties going up. NaN is refused.
 *
 * <p>The deflate stream comes from the zlib the JDK runs with. For a given zlib it is fixed; a JDK built against a
 * different zlib implementation (e.g. zlib-ng) may compress differently while decoding to the same pixels.
 */
public final class PngEncoder {

    public static final int DEFLATE_LEVEL = 6;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int BYTES_PER_PIXEL = 3;
    private static final byte FILTER_PAETH = 4;

    private PngEncoder() {
    }

    /** Encodes a [3, height, width] image stored as one float array (channel-major, values in [0, 1]). */
    public static byte[] encode(float[] chw, int height, int width) {
        return encode(chw, 0, height, width);
    }

    /**
     * Encodes the [3, height, width] image starting at {@code offset} of {@code pixels} (for example one image of a
     * [B, 3, H, W] decoder output).
     */
    public static byte[] encode(float[] pixels, int offset, int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got height " + height + " width " + width);
        }
        long planeLong = (long) height * width;
        if (offset < 0 || offset + 3 * planeLong > pixels.length) {
            throw new IllegalArgumentException("pixel array of length " + pixels.length + " holds no [3, " + height
                    + ", " + width + "] image at offset " + offset);
        }
        byte[] filtered = filterRows(quantize(pixels, offset, height, width), height, width);
        ByteArrayOutputStream png = new ByteArrayOutputStream(filtered.length / 2 + 64);
        png.writeBytes(SIGNATURE);
        writeChunk(png, "IHDR", header(height, width));
        writeChunk(png, "IDAT", deflate(filtered));
        writeChunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** The stored 8-bit level of a value in [0, 1], as documented in the class comment. */
    public static int toLevel(float value) {
        float clamped = Math.min(1f, Math.max(0f, value));
        return (int) Math.floor(clamped * 255f + 0.5f);
    }

    /** Interleaved RGB bytes, row by row. */
    private static byte[] quantize(float[] pixels, int offset, int height, int width) {
        int plane = height * width;
        byte[] rgb = new byte[plane * BYTES_PER_PIXEL];
        for (int channel = 0; channel < 3; channel++) {
            int base = offset + channel * plane;
            for (int i = 0; i < plane; i++) {
                float value = pixels[base + i];
                if (Float.isNaN(value)) {
                    throw new IllegalArgumentException("pixel value is NaN at channel " + channel + ", y " + (i / width)
                            + ", x " + (i % width));
                }
                rgb[i * BYTES_PER_PIXEL + channel] = (byte) toLevel(value);
            }
        }
        return rgb;
    }

    private static byte[] filterRows(byte[] rgb, int height, int width) {
        int stride = width * BYTES_PER_PIXEL;
        byte[] out = new byte[height * (stride + 1)];
        for (int y = 0; y < height; y++) {
            int row = y * stride;
            int target = y * (stride + 1);
            out[target] = FILTER_PAETH;
            for (int i = 0; i < stride; i++) {
                int left = i >= BYTES_PER_PIXEL ? rgb[row + i - BYTES_PER_PIXEL] & 0xFF : 0;
                int up = y > 0 ? rgb[row - stride + i] & 0xFF : 0;
                int upLeft = y > 0 && i >= BYTES_PER_PIXEL ? rgb[row - stride + i - BYTES_PER_PIXEL] & 0xFF : 0;
                out[target + 1 + i] = (byte) ((rgb[row + i] & 0xFF) - paeth(left, up, upLeft));
            }
        }
        return out;
    }

    private static int paeth(int left, int up, int upLeft) {
        int estimate = left + up - upLeft;
        int toLeft = Math.abs(estimate - left);
        int toUp = Math.abs(estimate - up);
        int toUpLeft = Math.abs(estimate - upLeft);
        if (toLeft <= toUp && toLeft <= toUpLeft) {
            return left;
        }
        return toUp <= toUpLeft ? up : upLeft;
    }

    private static byte[] header(int height, int width) {
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8;  // bits per sample
        ihdr[9] = 2;  // colour type: truecolour RGB
        ihdr[10] = 0; // compression: deflate
        ihdr[11] = 0; // filter method: adaptive (per-row filter byte)
        ihdr[12] = 0; // no interlace
        return ihdr;
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(DEFLATE_LEVEL, false);
        try {
            deflater.setStrategy(Deflater.DEFAULT_STRATEGY);
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void writeChunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        byte[] length = new byte[4];
        putInt(length, 0, data.length);
        png.writeBytes(length);
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        byte[] crcBytes = new byte[4];
        putInt(crcBytes, 0, (int) crc.getValue());
        png.writeBytes(crcBytes);
    }

    private static void putInt(byte[] target, int offset, int value) {
        target[offset] = (byte) (value >>> 24);
        target[offset + 1] = (byte) (value >>> 16);
        target[offset + 2] = (byte) (value >>> 8);
        target[offset + 3] = (byte) value;
    }
}
