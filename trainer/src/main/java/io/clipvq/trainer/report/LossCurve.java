package io.clipvq.trainer.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A loss-curve PNG: the raw per-step values in light grey and their exponential moving average in blue, on a
 * linear axis spanning the 1st to 99th percentile of the values (so a few early spikes do not flatten the rest).
 */
public final class LossCurve {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;
    private static final int MARGIN_LEFT = 70;
    private static final int MARGIN = 30;

    private LossCurve() {
    }

    public static void write(Path file, String title, double[] values) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(title + " (" + values.length + " steps)", MARGIN_LEFT, 20);
        int plotW = WIDTH - MARGIN_LEFT - MARGIN;
        int plotH = HEIGHT - 2 * MARGIN - 20;
        int top = MARGIN + 10;
        g.drawRect(MARGIN_LEFT, top, plotW, plotH);
        if (values.length >= 1) {
            double[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            double lo = sorted[(int) Math.floor(0.01 * (sorted.length - 1))];
            double hi = sorted[(int) Math.ceil(0.99 * (sorted.length - 1))];
            if (hi - lo < 1e-12) {
                hi = lo + 1;
            }
            double[] smooth = new double[values.length];
            double ema = values[0];
            for (int i = 0; i < values.length; i++) {
                ema = 0.95 * ema + 0.05 * values[i];
                smooth[i] = i == 0 ? values[0] : ema;
            }
            drawSeries(g, values, lo, hi, plotW, plotH, top, new Color(190, 190, 190), 1f);
            drawSeries(g, smooth, lo, hi, plotW, plotH, top, new Color(30, 90, 200), 2f);
            g.setColor(Color.BLACK);
            for (int i = 0; i <= 4; i++) {
                double v = lo + (hi - lo) * i / 4;
                int y = top + plotH - (int) Math.round(plotH * i / 4.0);
                g.drawLine(MARGIN_LEFT - 4, y, MARGIN_LEFT, y);
                g.drawString(String.format(Locale.ROOT, "%.4g", v), 4, y + 4);
            }
            g.drawString("step " + values.length, MARGIN_LEFT + plotW - 70, top + plotH + 18);
            g.drawString("step 1", MARGIN_LEFT, top + plotH + 18);
        }
        g.dispose();
        ImageGrid.writePng(image, file);
    }

    private static void drawSeries(Graphics2D g, double[] v, double lo, double hi, int plotW, int plotH, int top,
                                   Color color, float stroke) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < v.length; i++) {
            double x = MARGIN_LEFT + (v.length == 1 ? 0 : (double) plotW * i / (v.length - 1));
            double clamped = Math.max(lo, Math.min(hi, v[i]));
            double y = top + plotH - plotH * (clamped - lo) / (hi - lo);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(stroke));
        g.draw(path);
    }
}
