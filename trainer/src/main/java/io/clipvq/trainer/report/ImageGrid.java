package io.clipvq.trainer.report;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes square CHW images in [0, 1] as one PNG grid, row by row, with a 2-pixel gap. */
public final class ImageGrid {
    private static final int GAP = 2;

    private ImageGrid() {
    }

    public static void write(Path file, List<float[]> images, int size, int columns) throws IOException {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images for the grid " + file);
        }
        int rows = (images.size() + columns - 1) / columns;
        BufferedImage grid = new BufferedImage(columns * (size + GAP) + GAP, rows * (size + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < images.size(); i++) {
            float[] img = images.get(i);
            int ox = GAP + (i % columns) * (size + GAP);
            int oy = GAP + (i / columns) * (size + GAP);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int r = channel(img[y * size + x]);
                    int g = channel(img[(size + y) * size + x]);
                    int b = channel(img[(2 * size + y) * size + x]);
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
