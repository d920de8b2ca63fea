package io.clipvq.trainer.report;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes square CHW images in [0, 1] as one PNG grid, row by row, with a 2-pixel gap; small images are enlarged
 * (nearest neighbour, whole multiples) to at least {@value #MIN_CELL} pixels so that a 16x16 sample is visible.
 */
public final class ImageGrid {
    private static final int GAP = 2;
    static final int MIN_CELL = 64;

    private ImageGrid() {
    }

    public static void write(Path file, List<float[]> images, int size, int columns) throws IOException {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images for the grid " + file);
        }
        int rows = (images.size() + columns - 1) / columns;
        int zoom = Math.max(1, MIN_CELL / size);
        int cell = size * zoom;
        BufferedImage grid = new BufferedImage(columns * (cell + GAP) + GAP, rows * (cell + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < images.size(); i++) {
            float[] img = images.get(i);
            int ox = GAP + (i % columns) * (cell + GAP);
            int oy = GAP + (i / columns) * (cell + GAP);
            for (int y = 0; y < cell; y++) {
                for (int x = 0; x < cell; x++) {
                    int sy = y / zoom;
                    int sx = x / zoom;
                    int r = channel(img[sy * size + sx]);
                    int g = channel(img[(size + sy) * size + sx]);
                    int b = channel(img[(2 * size + sy) * size + sx]);
                    grid.setRGB(ox + x, oy + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        writePng(grid, file);
    }

    private static int channel(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }

    /** Writes next to the target and renames, so a viewer never sees half a file. */
    static void writePng(BufferedImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        if (!ImageIO.write(image, "png", temporary.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
