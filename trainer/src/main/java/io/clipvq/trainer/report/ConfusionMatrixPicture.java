package io.clipvq.trainer.report;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws a confusion matrix as a PNG: rows are the asked-for classes, columns the classes read, each cell shaded by
 * its share of its row and labelled with its count.
 */
public final class ConfusionMatrixPicture {
    private static final int CELL = 44;
    private static final int LABEL = 110;

    private ConfusionMatrixPicture() {
    }

    public static void write(Path file, List<String> labels, int[][] counts, String title) throws IOException {
        int n = labels.size();
        if (counts.length != n) {
            throw new IllegalArgumentException("a confusion matrix of " + n + " labels needs " + n + " rows, got " + counts.length);
        }
        int width = LABEL + n * CELL + 10;
        int height = 30 + LABEL + n * CELL + 10;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, 8, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int top = 30 + LABEL;
        for (int i = 0; i < n; i++) {
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), 4, top + i * CELL + CELL / 2 + 4);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(LABEL + i * CELL + CELL / 2 + 4, top - 4);
            rotated.rotate(-Math.PI / 2);
            rotated.drawString(labels.get(i), 0, 0);
            rotated.dispose();
            int rowTotal = 0;
            for (int c : counts[i]) {
                rowTotal += c;
            }
            for (int j = 0; j < n; j++) {
                double share = rowTotal == 0 ? 0 : (double) counts[i][j] / rowTotal;
                int shade = (int) Math.round(255 * (1 - share));
                g.setColor(i == j ? new Color(shade, 255, shade) : new Color(255, shade, shade));
                g.fillRect(LABEL + j * CELL, top + i * CELL, CELL - 1, CELL - 1);
                g.setColor(share > 0.6 ? Color.WHITE : Color.BLACK);
                if (i == j) {
                    g.setColor(Color.BLACK);
                }
                String text = Integer.toString(counts[i][j]);
                g.drawString(text, LABEL + j * CELL + CELL / 2 - 3 * text.length(), top + i * CELL + CELL / 2 + 4);
            }
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
