package io.clipvq.trainer.tokenizer;

import io.clipvq.modelbuild.graphs.PaletteCodebook;
import io.clipvq.modelbuild.graphs.PaletteDecoderGraph;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A lossless tokenizer for flat-colour worlds: each patch becomes (mask, fg, bg), packed as in {@link PaletteCodebook}.
 * Everything is learnt from training images: per image the background is its most frequent colour and the
 * foreground its most frequent other colour (ties: the smaller 0xRRGGBB); a patch's mask marks the pixels that are
 * not the background. Palettes are sorted by 0xRRGGBB and masks by their bits, so the same images give the same
 * tokenizer. Every patch of an image carries that image's fg and bg, plain patches included.
 *
 * <p>Encoding an unseen image: a colour outside a palette maps to the nearest palette colour (squared RGB distance)
 * and a mask outside the vocabulary to the nearest mask by Hamming distance (ties: the lower index).
 */
public final class PaletteTokenizer implements ImageTokenizer {
    private static final byte[] MAGIC = "CLIPVQ-PALETTE".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT_VERSION = 1;

    private final PaletteCodebook codebook;
    private final int patchSize;
    private final int words;
    private final long[][] maskBits;
    private final Map<MaskKey, Integer> maskIndex = new HashMap<>();

    public PaletteTokenizer(PaletteCodebook codebook) {
        this.codebook = codebook;
        this.patchSize = codebook.patchSize();
        this.words = wordsPerMask(patchSize);
        int m = codebook.maskCount();
        this.maskBits = new long[m][];
        boolean[] flat = codebook.masks();
        int pp = patchSize * patchSize;
        for (int i = 0; i < m; i++) {
            long[] bits = new long[words];
            for (int p = 0; p < pp; p++) {
                if (flat[i * pp + p]) {
                    bits[p >> 6] |= 1L << (p & 63);
                }
            }
            maskBits[i] = bits;
            if (maskIndex.putIfAbsent(new MaskKey(bits), i) != null) {
                throw new IllegalArgumentException("palette tokenizer: mask " + i + " repeats an earlier mask");
            }
        }
    }

    /**
     * Learns the palettes and the mask vocabulary from planar images [3, S, S] in [0, 1].
     *
     * @param grid codes per side; the patch side is {@code imageSize / grid}
     */
    public static PaletteTokenizer build(List<float[]> images, int imageSize, int grid) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("build-palette: no images to learn the palette from");
        }
        if (grid < 1 || imageSize % grid != 0) {
            throw new IllegalArgumentException("build-palette: image size " + imageSize + " is not a multiple of grid " + grid);
        }
        int patch = imageSize / grid;
        TreeSet<Integer> foreground = new TreeSet<>();
        TreeSet<Integer> background = new TreeSet<>();
        TreeSet<MaskKey> masks = new TreeSet<>();
        for (int i = 0; i < images.size(); i++) {
            int[] rgb = packed(images.get(i), imageSize, "image " + i);
            int[] fgBg = dominantColours(rgb);
            background.add(fgBg[1]);
            if (fgBg[0] >= 0) {
                foreground.add(fgBg[0]);
            }
            for (int cell = 0; cell < grid * grid; cell++) {
                masks.add(new MaskKey(patchMask(rgb, imageSize, grid, patch, cell, fgBg[1])));
            }
        }
        if (foreground.isEmpty()) {
            throw new IllegalArgumentException("build-palette: every image is a single colour, there is no object colour to learn");
        }
        int pp = patch * patch;
        boolean[] flat = new boolean[masks.size() * pp];
        int m = 0;
        for (MaskKey key : masks) {
            for (int p = 0; p < pp; p++) {
                flat[m * pp + p] = (key.bits[p >> 6] >>> (p & 63) & 1L) != 0;
            }
            m++;
        }
        return new PaletteTokenizer(new PaletteCodebook(imageSize, grid, flat,
                foreground.stream().mapToInt(Integer::intValue).toArray(),
                background.stream().mapToInt(Integer::intValue).toArray()));
    }

    public PaletteCodebook codebook() {
        return codebook;
    }

    @Override
    public int gridHeight() {
        return codebook.grid();
    }

    @Override
    public int gridWidth() {
        return codebook.grid();
    }

    @Override
    public int codebookSize() {
        return codebook.codebookSize();
    }

    @Override
    public int imageSize() {
        return codebook.imageSize();
    }

    @Override
    public int[] factorSizes() {
        return codebook.factorSizes();
    }

    @Override
    public long[] encode(float[] images, int count) {
        int s = codebook.imageSize();
        int per = 3 * s * s;
        int grid = codebook.grid();
        int n = grid * grid;
        if (images.length < (long) count * per) {
            throw new IllegalArgumentException("encode: " + count + " images of " + s + "x" + s + " need " + count * per
                    + " values, got " + images.length);
        }
        long[] codes = new long[count * n];
        for (int b = 0; b < count; b++) {
            int[] rgb = packed(Arrays.copyOfRange(images, b * per, (b + 1) * per), s, "image " + b);
            int[] fgBg = dominantColours(rgb);
            int bg = nearestColour(codebook.background(), fgBg[1]);
            // a single-colour image has no object: any fg decodes the same with the empty mask
            int fg = fgBg[0] < 0 ? 0 : nearestColour(codebook.foreground(), fgBg[0]);
            for (int cell = 0; cell < n; cell++) {
                int mask = maskOf(patchMask(rgb, s, grid, patchSize, cell, fgBg[1]));
                codes[b * n + cell] = codebook.code(mask, fg, bg);
            }
        }
        return codes;
    }

    @Override
    public float[] decode(long[] codes, int count) {
        return codebook.decode(codes, count);
    }

    @Override
    public TokenizerExport export() {
        return new TokenizerExport(codebookSize(), gridHeight(), gridWidth(), imageSize(),
                PaletteDecoderGraph.build(codebook), null);
    }

    @Override
    public long fingerprint() {
        return 0x5A1E77EL * 31 + codebook.hashCode();
    }

    /** The vocabulary index of a mask, or of the nearest mask by Hamming distance. */
    int maskOf(long[] bits) {
        Integer exact = maskIndex.get(new MaskKey(bits));
        if (exact != null) {
            return exact;
        }
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < maskBits.length; i++) {
            int d = 0;
            for (int w = 0; w < words; w++) {
                d += Long.bitCount(maskBits[i][w] ^ bits[w]);
            }
            if (d < bestDistance) {
                best = i;
                bestDistance = d;
            }
        }
        return best;
    }

    public void save(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(codebook.imageSize());
            out.writeInt(codebook.grid());
            out.writeInt(codebook.maskCount());
            out.writeInt(codebook.foreground().length);
            out.writeInt(codebook.background().length);
            for (int c : codebook.foreground()) {
                out.writeInt(c);
            }
            for (int c : codebook.background()) {
                out.writeInt(c);
            }
            for (long[] mask : maskBits) {
                for (long w : mask) {
                    out.writeLong(w);
                }
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, bytes.toByteArray());
    }

    public static PaletteTokenizer load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("palette tokenizer file " + file + " does not exist (make one with build-palette)");
        }
        byte[] content = Files.readAllBytes(file);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(content))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw bad(file, "it does not start with " + new String(MAGIC, StandardCharsets.US_ASCII)
                        + " (not a palette tokenizer file)");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw bad(file, "format version " + version + " is not supported (supported: " + FORMAT_VERSION + ")");
            }
            int imageSize = positive(file, "imageSize", in.readInt(), 1 << 14);
            int grid = positive(file, "grid", in.readInt(), imageSize);
            if (imageSize % grid != 0) {
                throw bad(file, "imageSize " + imageSize + " is not a multiple of grid " + grid);
            }
            int m = positive(file, "mask count M", in.readInt(), 1 << 24);
            int f = positive(file, "foreground count F", in.readInt(), 1 << 24);
            int g = positive(file, "background count G", in.readInt(), 1 << 24);
            int patch = imageSize / grid;
            int w = wordsPerMask(patch);
            long expected = MAGIC.length + 6L * Integer.BYTES + (long) (f + g) * Integer.BYTES + (long) m * w * Long.BYTES;
            if (content.length != expected) {
                throw bad(file, "it has " + content.length + " bytes; M=" + m + ", F=" + f + ", G=" + g + " with "
                        + patch + "x" + patch + " patches need " + expected);
            }
            int[] fg = new int[f];
            int[] bg = new int[g];
            for (int i = 0; i < f; i++) {
                fg[i] = in.readInt();
            }
            for (int i = 0; i < g; i++) {
                bg[i] = in.readInt();
            }
            int pp = patch * patch;
            boolean[] masks = new boolean[m * pp];
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < w; k++) {
                    long word = in.readLong();
                    for (int b = 0; b < 64 && k * 64 + b < pp; b++) {
                        masks[i * pp + k * 64 + b] = (word >>> b & 1L) != 0;
                    }
                }
            }
            return new PaletteTokenizer(new PaletteCodebook(imageSize, grid, masks, fg, bg));
        } catch (EOFException e) {
            throw bad(file, "it ends before its header does (truncated)");
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        }
    }

    private static IOException bad(Path file, String why) {
        return new IOException("palette tokenizer file " + file + ": " + why);
    }

    private static int positive(Path file, String field, int value, int max) throws IOException {
        if (value < 1 || value > max) {
            throw bad(file, field + " = " + value + " is outside 1.." + max);
        }
        return value;
    }

    private static int wordsPerMask(int patch) {
        return (patch * patch + 63) / 64;
    }

    /** {fg, bg}: the most frequent colour is bg, the most frequent other one fg (-1 when there is none). */
    static int[] dominantColours(int[] rgb) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int c : rgb) {
            counts.merge(c, 1, Integer::sum);
        }
        List<Map.Entry<Integer, Integer>> ranked = new ArrayList<>(counts.entrySet());
        ranked.sort((a, b) -> a.getValue().equals(b.getValue()) ? Integer.compare(a.getKey(), b.getKey())
                : Integer.compare(b.getValue(), a.getValue()));
        return new int[] {ranked.size() > 1 ? ranked.get(1).getKey() : -1, ranked.get(0).getKey()};
    }

    private static int nearestColour(int[] palette, int rgb) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            long d = 0;
            for (int shift = 0; shift <= 16; shift += 8) {
                int diff = (palette[i] >> shift & 0xFF) - (rgb >> shift & 0xFF);
                d += (long) diff * diff;
            }
            if (d < bestDistance) {
                best = i;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Bits (row-major within the patch) of the pixels of {@code cell} that are not {@code background}. */
    private static long[] patchMask(int[] rgb, int imageSize, int grid, int patch, int cell, int background) {
        long[] bits = new long[wordsPerMask(patch)];
        int row0 = cell / grid * patch;
        int col0 = cell % grid * patch;
        for (int y = 0; y < patch; y++) {
            for (int x = 0; x < patch; x++) {
                if (rgb[(row0 + y) * imageSize + col0 + x] != background) {
                    int p = y * patch + x;
                    bits[p >> 6] |= 1L << (p & 63);
                }
            }
        }
        return bits;
    }

    /** Packed 0xRRGGBB pixels of a planar [3, S, S] image in [0, 1], rounded to 8 bits as the PNG encoder does. */
    private static int[] packed(float[] chw, int imageSize, String what) {
        int plane = imageSize * imageSize;
        if (chw.length != 3 * plane) {
            throw new IllegalArgumentException(what + ": " + chw.length + " values, a planar " + imageSize + "x"
                    + imageSize + " RGB image has " + 3 * plane);
        }
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = level(chw[i]) << 16 | level(chw[plane + i]) << 8 | level(chw[2 * plane + i]);
        }
        return rgb;
    }

    private static int level(float v) {
        float clamped = Math.max(0f, Math.min(1f, v));
        return (int) Math.floor(clamped * 255f + 0.5f);
    }

    /** A mask's bits as a map key, ordered by its words compared unsigned, last word first (deterministic). */
    private record MaskKey(long[] bits) implements Comparable<MaskKey> {
        @Override
        public boolean equals(Object o) {
            return o instanceof MaskKey other && Arrays.equals(bits, other.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }

        @Override
        public int compareTo(MaskKey other) {
            for (int w = bits.length - 1; w >= 0; w--) {
                int c = Long.compareUnsigned(bits[w], other.bits[w]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
    }
}
