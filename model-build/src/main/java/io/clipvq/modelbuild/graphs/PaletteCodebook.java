package io.clipvq.modelbuild.graphs;

import java.util.Arrays;

/**
 * The palette tokenizer's codebook: square patches of {@code patchSize} pixels on a {@code grid x grid} code grid,
 * each code a triple (mask, foreground colour, background colour) packed as
 * {@code code = (mask * F + fg) * G + bg} (mask slowest, bg fastest; the factorised denoiser relies on this order).
 * Decoding is exact: a pixel is the foreground colour where the mask bit is set, the background colour elsewhere
 * (the colours decided once per image, see {@link #decode}).
 *
 * @param imageSize  S, the side of the square image
 * @param grid       codes per side; S must be a multiple of it
 * @param masks      M masks, each {@code patchSize * patchSize} booleans in row-major order, flattened [M * P * P]
 * @param foreground F packed 0xRRGGBB object colours
 * @param background G packed 0xRRGGBB background colours
 */
public record PaletteCodebook(int imageSize, int grid, boolean[] masks, int[] foreground, int[] background) {

    public PaletteCodebook {
        if (grid < 1 || imageSize < 1 || imageSize % grid != 0) {
            throw new IllegalArgumentException("palette codebook: imageSize " + imageSize
                    + " must be a positive multiple of grid " + grid);
        }
        int patchPixels = (imageSize / grid) * (imageSize / grid);
        if (masks.length == 0 || masks.length % patchPixels != 0) {
            throw new IllegalArgumentException("palette codebook: masks hold " + masks.length
                    + " values, not a positive multiple of the " + patchPixels + " pixels of a patch");
        }
        if (foreground.length == 0 || background.length == 0) {
            throw new IllegalArgumentException("palette codebook: needs at least one foreground and one background colour, got F="
                    + foreground.length + ", G=" + background.length);
        }
        checkColours("foreground", foreground);
        checkColours("background", background);
        long k = (long) (masks.length / patchPixels) * foreground.length * background.length;
        if (k > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("palette codebook: K = M * F * G = " + k + " does not fit an int");
        }
        masks = masks.clone();
        foreground = foreground.clone();
        background = background.clone();
    }

    public int patchSize() {
        return imageSize / grid;
    }

    public int maskCount() {
        return masks.length / (patchSize() * patchSize());
    }

    /** K = M * F * G. */
    public int codebookSize() {
        return maskCount() * foreground.length * background.length;
    }

    /** [M, F, G]: the factors of a code, slowest first. */
    public int[] factorSizes() {
        return new int[] {maskCount(), foreground.length, background.length};
    }

    public int code(int mask, int fg, int bg) {
        return (mask * foreground.length + fg) * background.length + bg;
    }

    /**
     * The plain-Java decoder (the reference for vq_decoder.onnx): codes [count, grid, grid] -> planar RGB
     * [count, 3, S, S], each channel value {@code c / 255f}.
     * <p>
     * Each cell draws its own mask, but the two colours are decided once per image: the object colour is the
     * foreground part carried by most object pixels (mask bits set), the background the background part carried
     * by most background pixels; ties go to the lower index. The encoder writes an image's two colours into every
     * cell, so this changes nothing for encoded images; for sampled codes, whose cells pick their colour parts
     * independently, it stops one image from showing a patchwork of backgrounds or a two-coloured object.
     */
    public float[] decode(long[] codes, int count) {
        int n = grid * grid;
        if (codes.length < (long) count * n) {
            throw new IllegalArgumentException("decode: " + count + " images need " + count * n + " codes, got " + codes.length);
        }
        int p = patchSize();
        int s = imageSize;
        int plane = s * s;
        int f = foreground.length;
        int g = background.length;
        int[] objectPixels = maskPixelCounts();
        float[] out = new float[count * 3 * plane];
        for (int b = 0; b < count; b++) {
            long[] fgVotes = new long[f];
            long[] bgVotes = new long[g];
            for (int cell = 0; cell < n; cell++) {
                long code = codes[b * n + cell];
                if (code < 0 || code >= codebookSize()) {
                    throw new IllegalArgumentException("decode: code " + code + " at image " + b + ", cell " + cell
                            + " is outside 0.." + (codebookSize() - 1));
                }
                int mask = (int) (code / ((long) f * g));
                fgVotes[(int) (code / g % f)] += objectPixels[mask];
                bgVotes[(int) (code % g)] += p * p - objectPixels[mask];
            }
            int fgColour = foreground[firstLargest(fgVotes)];
            int bgColour = background[firstLargest(bgVotes)];
            for (int cell = 0; cell < n; cell++) {
                int mask = (int) (codes[b * n + cell] / ((long) f * g));
                int row0 = cell / grid * p;
                int col0 = cell % grid * p;
                for (int y = 0; y < p; y++) {
                    for (int x = 0; x < p; x++) {
                        int rgb = masks[(mask * p + y) * p + x] ? fgColour : bgColour;
                        int at = b * 3 * plane + (row0 + y) * s + col0 + x;
                        out[at] = channel(rgb, 0);
                        out[at + plane] = channel(rgb, 1);
                        out[at + 2 * plane] = channel(rgb, 2);
                    }
                }
            }
        }
        return out;
    }

    /** The number of set bits of each mask. */
    private int[] maskPixelCounts() {
        int pixels = patchSize() * patchSize();
        int[] counts = new int[maskCount()];
        for (int i = 0; i < masks.length; i++) {
            if (masks[i]) {
                counts[i / pixels]++;
            }
        }
        return counts;
    }

    private static int firstLargest(long[] votes) {
        int best = 0;
        for (int i = 1; i < votes.length; i++) {
            if (votes[i] > votes[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Channel {@code c} (0 = R) of a packed colour as the decoder writes it. */
    public static float channel(int rgb, int c) {
        return ((rgb >> (16 - 8 * c)) & 0xFF) / 255f;
    }

    private static void checkColours(String what, int[] colours) {
        for (int c : colours) {
            if ((c & ~0xFFFFFF) != 0) {
                throw new IllegalArgumentException("palette codebook: " + what + " colour 0x" + Integer.toHexString(c)
                        + " is not a packed 0xRRGGBB value");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PaletteCodebook other && imageSize == other.imageSize && grid == other.grid
                && Arrays.equals(masks, other.masks) && Arrays.equals(foreground, other.foreground)
                && Arrays.equals(background, other.background);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * (31 * imageSize + grid) + Arrays.hashCode(masks)) + Arrays.hashCode(foreground))
                + Arrays.hashCode(background);
    }

    @Override
    public String toString() {
        return "PaletteCodebook[imageSize=" + imageSize + ", grid=" + grid + ", M=" + maskCount() + ", F="
                + foreground.length + ", G=" + background.length + "]";
    }
}
