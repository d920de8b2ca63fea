package io.clipvq.trainer.worlds.fashionmnist;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files Fashion-MNIST ships in (gzip-compressed): a big-endian magic number (2051 for images, 2049
 * for labels), the counts and sizes, then one unsigned byte per pixel (row by row) or per label.
 */
public final class IdxFile {
    static final int IMAGES_MAGIC = 2051;
    static final int LABELS_MAGIC = 2049;

    private IdxFile() {
    }

    /** Images as {@code [count][rows * cols]} unsigned bytes (0 = black), with their side lengths. */
    public record Images(byte[][] pixels, int rows, int cols) {
        public int count() {
            return pixels.length;
        }
    }

    public static Images readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new IOException(file + " is not an IDX image file: magic " + magic + ", expected " + IMAGES_MAGIC);
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows <= 0 || cols <= 0) {
                throw new IOException(file + " has an invalid header: " + count + " images of " + rows + " x " + cols);
            }
            byte[][] pixels = new byte[count][rows * cols];
            for (byte[] image : pixels) {
                in.readFully(image);
            }
            return new Images(pixels, rows, cols);
        }
    }

    /** Labels as unsigned values 0..255. */
    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new IOException(file + " is not an IDX label file: magic " + magic + ", expected " + LABELS_MAGIC);
            }
            int count = in.readInt();
            if (count < 0) {
                throw new IOException(file + " has an invalid header: " + count + " labels");
            }
            byte[] raw = new byte[count];
            in.readFully(raw);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        InputStream body = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new DataInputStream(new java.io.BufferedInputStream(body, 1 << 16));
    }
}
