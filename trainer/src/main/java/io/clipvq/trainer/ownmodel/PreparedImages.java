package io.clipvq.trainer.ownmodel;

import io.clipvq.trainer.data.ImageFolder;
import io.clipvq.trainer.report.ProgressBar;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * The training images at one size: each source image decoded, its shorter side resized to S (bicubic) and the centre
 * cropped ({@link ImageFolder#resizeAndCrop}), written as PNG in source order. One image at a time, so a folder of any
 * size fits in memory here; written to a partial folder that is renamed when complete, so an interrupted run
 * starts this stage again and never trains on half a folder.
 */
final class PreparedImages {
    private PreparedImages() {
    }

    static void write(List<Path> sources, int size, Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Path partial = folder.resolveSibling(folder.getFileName() + ".partial");
        Files.createDirectories(partial);
        ProgressBar bar = new ProgressBar("prepare images", sources.size(), 0, System.err);
        for (int i = 0; i < sources.size(); i++) {
            Path source = sources.get(i);
            BufferedImage image = ImageIO.read(source.toFile());
            if (image == null) {
                throw new IllegalArgumentException("cannot decode image " + source);
            }
            ImageIO.write(ImageFolder.resizeAndCrop(image, size), "png",
                    partial.resolve(String.format(Locale.ROOT, "%08d.png", i)).toFile());
            bar.update(i + 1, source.getFileName().toString());
        }
        Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The first {@code count} prepared images copied into {@code sample} (the time estimates train on these). */
    static Path sample(Path prepared, int count, Path sample) throws IOException {
        Files.createDirectories(sample);
        try (var files = Files.list(prepared)) {
            for (Path file : files.sorted().limit(count).toList()) {
                Files.copy(file, sample.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return sample;
    }
}
