package io.clipvq.trainer.worlds.shapes;

import io.clipvq.engine.image.PngEncoder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A 32 x 32 RGB image of the Shapes world as packed 0xRRGGBB ints, row-major. Converts to and from the planar
 * float layout used by the trainer and engine ([3, 32, 32], values level / 255) and PNG.
 */
public final class ShapesImage {

    public static final int SIZE = 32;
    public static final int PIXELS = SIZE * SIZE;

    private final int[] rgb;

    private ShapesImage(int[] rgb) {
        this.rgb = rgb;
    }

    public static ShapesImage ofPacked(int[] packedRgb) {
        if (packedRgb.length != PIXELS) {
            throw new IllegalArgumentException("a Shapes image has " + PIXELS + " pixels, got " + packedRgb.length);
        }
        int[] copy = new int[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            copy[i] = packedRgb[i] & 0xFFFFFF;
        }
        return new ShapesImage(copy);
    }

    /** From a planar [3, 32, 32] float image in [0, 1], quantised exactly as {@link PngEncoder} stores it. */
    public static ShapesImage fromChw(float[] chw) {
        if (chw.length != 3 * PIXELS) {
            throw new IllegalArgumentException("a planar Shapes image has " + (3 * PIXELS) + " values, got " + chw.length);
        }
        int[] rgb = new int[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            int r = level(chw[i], 0, i);
            int g = level(chw[PIXELS + i], 1, i);
            int b = level(chw[2 * PIXELS + i], 2, i);
            rgb[i] = (r << 16) | (g << 8) | b;
        }
        return new ShapesImage(rgb);
    }

    /** Decodes a 32 x 32 PNG (any colour type ImageIO reads; alpha is ignored). */
    public static ShapesImage fromPng(byte[] png) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode PNG of " + png.length + " bytes", e);
        }
        if (image == null) {
            throw new IllegalArgumentException("bytes are not an image ImageIO can read (" + png.length + " bytes)");
        }
        if (image.getWidth() != SIZE || image.getHeight() != SIZE) {
            throw new IllegalArgumentException("a Shapes image is " + SIZE + "x" + SIZE + ", got " + image.getWidth()
                    + "x" + image.getHeight());
        }
        int[] rgb = new int[PIXELS];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                rgb[y * SIZE + x] = image.getRGB(x, y) & 0xFFFFFF;
            }
        }
        return new ShapesImage(rgb);
    }

    /** Packed 0xRRGGBB of pixel (x, y). */
    public int pixel(int x, int y) {
        return rgb[y * SIZE + x];
    }

    /** A copy of the packed pixels, row-major. */
    public int[] packed() {
        return rgb.clone();
    }

    /** Planar [3, 32, 32] floats, each channel level / 255 (so {@link PngEncoder} stores the same levels). */
    public float[] toChw() {
        float[] chw = new float[3 * PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            chw[i] = ((rgb[i] >>> 16) & 0xFF) / 255f;
            chw[PIXELS + i] = ((rgb[i] >>> 8) & 0xFF) / 255f;
            chw[2 * PIXELS + i] = (rgb[i] & 0xFF) / 255f;
        }
        return chw;
    }

    /** Deterministic PNG bytes through the engine's encoder. */
    public byte[] toPng() {
        return PngEncoder.encode(toChw(), SIZE, SIZE);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShapesImage image && Arrays.equals(rgb, image.rgb);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rgb);
    }

    private static int level(float value, int channel, int index) {
        if (Float.isNaN(value)) {
            throw new IllegalArgumentException("pixel value is NaN at channel " + channel + ", y " + (index / SIZE)
                    + ", x " + (index % SIZE));
        }
        return PngEncoder.toLevel(value);
    }
}
