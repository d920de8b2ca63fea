package io.clipvq.trainer.eval;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A PNG sheet of images with their captions for a person to look at: each image enlarged {@value #ZOOM}x by nearest
 * neighbour (so pixels stay sharp), its number and caption written beneath in up to {@value #CAPTION_LINES} lines.
 */
public final class SampleGrid {
    static final int ZOOM = 4;
    private static final int GAP = 6;
    private static final int CAPTION_LINES = 4;
    private static final int FONT_SIZE = 10;
    private static final int LINE_HEIGHT = 12;

    /** One cell: the image and its caption. */
    public record Cell(byte[] png, String caption) {
    }

    private SampleGrid() {
    }

    public static void write(Path file, List<Cell> cells, int columns) throws IOException {
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("no images for the grid " + file);
        }
        List<BufferedImage> images = new ArrayList<>();
        int side = 0;
        for (int i = 0; i < cells.size(); i++) {
            BufferedImage image = decode(cells.get(i).png(), i);
            side = Math.max(side, Math.max(image.getWidth(), image.getHeight()));
            images.add(image);
        }
        int cell = side * ZOOM;
        int cellHeight = cell + 2 + CAPTION_LINES * LINE_HEIGHT;
        int cols = Math.min(columns, cells.size());
        int rows = (cells.size() + cols - 1) / cols;
        BufferedImage sheet = new BufferedImage(GAP + cols * (cell + GAP), GAP + rows * (cellHeight + GAP),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, FONT_SIZE));
            FontMetrics metrics = g.getFontMetrics();
            for (int i = 0; i < images.size(); i++) {
                BufferedImage image = images.get(i);
                int x = GAP + (i % cols) * (cell + GAP);
                int y = GAP + (i / cols) * (cellHeight + GAP);
                g.drawImage(image, x, y, image.getWidth() * ZOOM, image.getHeight() * ZOOM, null);
                g.setColor(Color.BLACK);
                List<String> lines = wrap(i + ": " + cells.get(i).caption(), metrics, cell);
                for (int l = 0; l < lines.size(); l++) {
                    g.drawString(lines.get(l), x, y + cell + 2 + (l + 1) * LINE_HEIGHT - 2);
                }
            }
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        if (!ImageIO.write(sheet, "png", temporary.toFile())) {
            Files.deleteIfExists(temporary);
            throw new IOException("no PNG writer available for " + file);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Greedy word wrap to {@code width} pixels; the last line ends in "..." when the caption does not fit. */
    static List<String> wrap(String text, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        String[] words = text.split("\\s+");
        for (int w = 0; w < words.length; w++) {
            String candidate = line.isEmpty() ? words[w] : line + " " + words[w];
            if (metrics.stringWidth(candidate) <= width || line.isEmpty()) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            lines.add(line.toString());
            line.setLength(0);
            line.append(words[w]);
            if (lines.size() == CAPTION_LINES) {
                String last = lines.get(CAPTION_LINES - 1);
                while (!last.isEmpty() && metrics.stringWidth(last + "...") > width) {
                    last = last.substring(0, last.length() - 1);
                }
                lines.set(CAPTION_LINES - 1, last + "...");
                return lines;
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static BufferedImage decode(byte[] png, int index) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new IllegalArgumentException("grid cell " + index + " is not an image ImageIO can read");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode grid cell " + index, e);
        }
    }
}
