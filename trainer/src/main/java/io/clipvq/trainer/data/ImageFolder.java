package io.clipvq.trainer.data;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads a folder of PNG/JPEG files (sorted by name, so the dataset order is reproducible) into square CHW RGB
 * images in [0, 1]: the shorter side is resized to the target size (bicubic), then the centre is cropped.
 */
public final class ImageFolder {
    private ImageFolder() {
    }

    /** The loaded images and the files they came from, in the same order. */
    public record Loaded(List<Path> files, List<float[]> images, int size) {
        public ImageDataset dataset() {
            return new ImageDataset(images, size);
        }
    }

    public static Loaded load(Path folder, int size) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("image folder " + folder + " does not exist or is not a directory");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(ImageFolder::isImage).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("image folder " + folder + " holds no .png, .jpg or .jpeg file");
        }
        List<float[]> images = new ArrayList<>(files.size());
        for (Path file : files) {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IOException("cannot decode image " + file);
            }
            images.add(toChw(resizeAndCrop(image, size)));
        }
        return new Loaded(files, images, size);
    }

    public static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"));
    }

    public static BufferedImage resizeAndCrop(BufferedImage source, int size) {
        double scale = (double) size / Math.min(source.getWidth(), source.getHeight());
        int w = Math.max(size, (int) Math.round(source.getWidth() * scale));
        int h = Math.max(size, (int) Math.round(source.getHeight() * scale));
        BufferedImage resized = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(source, 0, 0, w, h, null);
        g.dispose();
        return resized.getSubimage((w - size) / 2, (h - size) / 2, size, size);
    }

    /** RGB in [0, 1], planar [3, H, W]. */
    public static float[] toChw(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                out[y * w + x] = ((rgb >> 16) & 0xFF) / 255f;
                out[(h + y) * w + x] = ((rgb >> 8) & 0xFF) / 255f;
                out[(2 * h + y) * w + x] = (rgb & 0xFF) / 255f;
            }
        }
        return out;
    }
}
