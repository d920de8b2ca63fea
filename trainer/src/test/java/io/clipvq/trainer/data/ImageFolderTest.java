package io.clipvq.trainer.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageFolderTest {

    @Test
    void should_centre_crop_to_a_square_and_read_rgb_in_unit_range(@TempDir Path dir) throws Exception {
        // 12x4: left third red, middle third green, right third blue; the centre crop after resizing to
        // 6 px high (18x6) keeps the middle 6 columns: green
        BufferedImage img = new BufferedImage(12, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 12; x++) {
                img.setRGB(x, y, x < 4 ? 0xFF0000 : x < 8 ? 0x00FF00 : 0x0000FF);
            }
        }
        ImageIO.write(img, "png", dir.resolve("b.png").toFile());
        ImageIO.write(img, "png", dir.resolve("a.png").toFile());
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        ImageFolder.Loaded loaded = ImageFolder.load(dir, 6);
        assertThat(loaded.files()).extracting(p -> p.getFileName().toString()).containsExactly("a.png", "b.png");
        float[] chw = loaded.images().get(0);
        assertThat(chw).hasSize(3 * 36);
        int centre = 3 * 6 + 3;
        assertThat(chw[centre]).isLessThan(0.1f);            // red
        assertThat(chw[36 + centre]).isGreaterThan(0.9f);    // green
        assertThat(chw[72 + centre]).isLessThan(0.1f);       // blue
    }

    @Test
    void should_name_the_folder_when_it_holds_no_image(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "x");
        assertThatThrownBy(() -> ImageFolder.load(dir, 8)).isInstanceOf(IOException.class).hasMessageContaining(dir.toString())
                .hasMessageContaining("no .png");
    }

    @Test
    void should_name_the_file_that_cannot_be_decoded(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.png"), "not a png");
        assertThatThrownBy(() -> ImageFolder.load(dir, 8)).hasMessageContaining("broken.png");
    }
}
