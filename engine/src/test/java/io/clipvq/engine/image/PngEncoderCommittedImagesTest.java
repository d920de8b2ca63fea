package io.clipvq.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Why {@link PngEncoder} is not replaced by ImageIO's PNG writer (docs/hand-written.md): the images committed under
 * models/*&#47;eval/images, whose bytes a rerun of the eval must reproduce, are exactly what this encoder writes for
 * their pixels, and ImageIO writes other bytes for the same pixels.
 */
class PngEncoderCommittedImagesTest {

    @Test
    void should_rewrite_every_committed_eval_image_byte_for_byte_from_its_pixels() throws IOException {
        List<Path> images = committedEvalImages();
        assertThat(images).as("committed eval images under models/*/eval/images").hasSizeGreaterThan(100);
        for (Path file : images) {
            byte[] committed = Files.readAllBytes(file);
            BufferedImage decoded = ImageIO.read(file.toFile());
            byte[] rewritten = PngEncoder.encode(planar(decoded), decoded.getHeight(), decoded.getWidth());
            assertThat(rewritten).as("%s", file).isEqualTo(committed);
        }
    }

    @Test
    void should_differ_from_imageio_in_bytes_though_not_in_pixels() throws IOException {
        for (Path file : committedEvalImages()) {
            byte[] committed = Files.readAllBytes(file);
            BufferedImage decoded = ImageIO.read(file.toFile());
            ByteArrayOutputStream imageIo = new ByteArrayOutputStream();
            assertThat(ImageIO.write(decoded, "png", imageIo)).isTrue();
            assertThat(imageIo.toByteArray()).as("%s written by ImageIO", file).isNotEqualTo(committed);
            BufferedImage again = ImageIO.read(new ByteArrayInputStream(imageIo.toByteArray()));
            for (int y = 0; y < decoded.getHeight(); y++) {
                for (int x = 0; x < decoded.getWidth(); x++) {
                    assertThat(again.getRGB(x, y)).as("%s at (%d, %d)", file, x, y).isEqualTo(decoded.getRGB(x, y));
                }
            }
        }
    }

    /** [3, h, w] floats level / 255, which {@link PngEncoder#toLevel} maps back to the same level. */
    private static float[] planar(BufferedImage image) {
        int height = image.getHeight();
        int width = image.getWidth();
        int plane = height * width;
        float[] chw = new float[3 * plane];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                int i = y * width + x;
                chw[i] = ((rgb >> 16) & 0xFF) / 255f;
                chw[plane + i] = ((rgb >> 8) & 0xFF) / 255f;
                chw[2 * plane + i] = (rgb & 0xFF) / 255f;
            }
        }
        return chw;
    }

    private static List<Path> committedEvalImages() throws IOException {
        Path models = repositoryRoot().resolve("models");
        List<Path> images = new ArrayList<>();
        try (Stream<Path> bundles = Files.list(models)) {
            for (Path bundle : bundles.sorted().toList()) {
                Path folder = bundle.resolve("eval").resolve("images");
                if (Files.isDirectory(folder)) {
                    try (Stream<Path> files = Files.list(folder)) {
                        files.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().forEach(images::add);
                    }
                }
            }
        }
        return images;
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("models")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a folder with models/ and mvnw) above "
                + Path.of("").toAbsolutePath());
    }
}
