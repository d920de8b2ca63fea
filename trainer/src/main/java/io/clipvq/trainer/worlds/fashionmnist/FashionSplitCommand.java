package io.clipvq.trainer.worlds.fashionmnist;

import io.clipvq.trainer.report.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Writes the image-only split (training images 30,000-59,999, no labels) as 32 x 32 PNGs, the folder train-vqgan
 * and train-diffusion read. RGB PNGs with three equal channels: Java reads grayscale PNGs through a linear-gray
 * colour space and would brighten them.
 */
@Command(name = "fashion-mnist-split", mixinStandardHelpOptions = true,
        description = "Write Fashion-MNIST's image-only split (training images 30,000-59,999) as 32 x 32 PNGs.")
public final class FashionSplitCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "folder to write 000000.png ... into") Path out;
    @Option(names = "--data-dir", description = "the Fashion-MNIST files (default /usr/share/datasets/fashion-mnist)")
    Path dataDir = FashionMnist.DEFAULT_DIR;
    @Option(names = "--images", description = "write only the first N images of the split (default: all 30,000)") Integer images;

    @Override
    public Integer call() throws IOException {
        FashionMnist data = FashionMnist.load(dataDir);
        int count = images == null ? data.imageOnlyCount() : Math.min(images, data.imageOnlyCount());
        if (count <= 0) {
            throw new IllegalArgumentException("--images must be positive, got " + images);
        }
        writeImageOnly(data, count, out);
        return 0;
    }

    /** Writes the first {@code count} image-only images to {@code folder} as 000000.png, 000001.png, ... */
    public static void writeImageOnly(FashionMnist data, int count, Path folder) throws IOException {
        Files.createDirectories(folder);
        ProgressBar bar = new ProgressBar("fashion-mnist-split", count, 0, System.err);
        for (int i = 0; i < count; i++) {
            ImageIO.write(toImage(FashionMnist.canvasChw(data.imageOnly(i))), "png",
                    folder.resolve(String.format("%06d.png", i)).toFile());
            bar.update(i + 1, "");
        }
    }

    /** Planar RGB [3, S, S] in [0, 1] as an RGB image. */
    public static BufferedImage toImage(float[] chw) {
        int side = (int) Math.round(Math.sqrt(chw.length / 3.0));
        int plane = side * side;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int at = y * side + x;
                int r = Math.round(Math.max(0, Math.min(1, chw[at])) * 255);
                int g = Math.round(Math.max(0, Math.min(1, chw[plane + at])) * 255);
                int b = Math.round(Math.max(0, Math.min(1, chw[2 * plane + at])) * 255);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }
}
