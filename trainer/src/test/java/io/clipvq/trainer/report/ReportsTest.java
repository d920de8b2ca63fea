package io.clipvq.trainer.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportsTest {

    @Test
    void should_render_rate_and_eta_from_steps_done_since_the_bar_started() {
        // resumed at 100 of 1000; 50 more steps in 10 s -> 5 it/s, 850 left -> 170 s
        String line = ProgressBar.render("train", 150, 1000, 100, 10_000_000_000L, "loss 0.5");
        assertThat(line).contains(" 150/1000 ").contains("15%").contains("5.00 it/s").contains("ETA 02:50").endsWith("loss 0.5");
        assertThat(ProgressBar.render("train", 0, 10, 0, 0, "")).contains("ETA --:--");
        assertThat(ProgressBar.clock(3_725)).isEqualTo("1:02:05");
    }

    @Test
    void should_write_plain_ascii_lines_on_the_callers_thread_for_log_files() {
        // Why this class is not me.tongfei:progressbar (docs/hand-written.md): that one draws from a thread of its
        // own, sizes its bar from a terminal (jline) and, unless told otherwise, writes ANSI colours and Unicode
        // blocks; the training logs are files, read later, with the caller's status fields.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream log = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar("train-clip", 1000, 0, log);
        bar.update(1, "loss 0.5000 |g| 1.25");
        String first = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(first).startsWith("\rtrain-clip [>").contains("   1/1000 ").endsWith("  loss 0.5000 |g| 1.25");
        bar.update(1000, "loss 0.1000 |g| 0.50");
        String all = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(all).endsWith("  loss 0.1000 |g| 0.50\n").contains("[========================]");
        assertThat(all.chars().allMatch(c -> c == '\r' || c == '\n' || (c >= 0x20 && c < 0x7F))).as(all).isTrue();
    }

    @Test
    void should_write_each_image_of_the_grid_at_its_place_with_its_colours(@TempDir Path dir) throws Exception {
        int size = 2;
        float[] red = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        float[] blue = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
        Path file = dir.resolve("grid.png");
        ImageGrid.write(file, List.of(red, blue), size, 2);
        BufferedImage grid = ImageIO.read(file.toFile());
        int cell = ImageGrid.MIN_CELL;
        assertThat(grid.getWidth()).isEqualTo(2 * (cell + 2) + 2);
        assertThat(grid.getRGB(2, 2) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(grid.getRGB(2 + cell + 2 + 5, 2 + 5) & 0xFFFFFF).isEqualTo(0x0000FF);
    }

    @Test
    void should_draw_a_loss_curve_png(@TempDir Path dir) throws Exception {
        double[] loss = new double[200];
        for (int i = 0; i < loss.length; i++) {
            loss[i] = 1.0 / (1 + i * 0.05);
        }
        Path file = dir.resolve("loss.png");
        LossCurve.write(file, "test", loss);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        int blue = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                if ((rgb & 0xFF) > 150 && ((rgb >> 16) & 0xFF) < 100) {
                    blue++;
                }
            }
        }
        assertThat(blue).as("pixels of the smoothed curve").isGreaterThan(300);
    }
}
