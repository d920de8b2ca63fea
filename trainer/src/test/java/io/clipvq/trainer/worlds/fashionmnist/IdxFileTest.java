package io.clipvq.trainer.worlds.fashionmnist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxFileTest {

    @Test
    void should_read_images_and_labels_written_in_the_idx_layout(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("images-idx3-ubyte.gz");
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(images)))) {
            out.writeInt(2051);
            out.writeInt(2);
            out.writeInt(2);
            out.writeInt(3);
            out.write(new byte[] {0, 1, 2, 3, 4, (byte) 255, 9, 8, 7, 6, 5, 4});
        }
        Path labels = dir.resolve("labels-idx1-ubyte");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(labels))) {
            out.writeInt(2049);
            out.writeInt(3);
            out.write(new byte[] {9, 0, (byte) 200});
        }

        IdxFile.Images read = IdxFile.readImages(images);

        assertThat(read.count()).isEqualTo(2);
        assertThat(read.rows()).isEqualTo(2);
        assertThat(read.cols()).isEqualTo(3);
        assertThat(read.pixels()[0]).containsExactly(0, 1, 2, 3, 4, (byte) 255);
        assertThat(read.pixels()[1][0] & 0xFF).isEqualTo(9);
        assertThat(IdxFile.readLabels(labels)).containsExactly(9, 0, 200);
    }

    @Test
    void should_refuse_a_file_with_the_wrong_magic_number(@TempDir Path dir) throws IOException {
        Path labels = dir.resolve("labels");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(labels))) {
            out.writeInt(2049);
            out.writeInt(0);
        }
        assertThatThrownBy(() -> IdxFile.readImages(labels)).isInstanceOf(IOException.class)
                .hasMessageContaining("not an IDX image file");
    }

    @Test
    void should_place_the_28_pixel_image_in_the_middle_of_the_32_pixel_canvas() {
        byte[] source = new byte[28 * 28];
        source[0] = (byte) 255;
        source[28 * 28 - 1] = (byte) 51;
        float[] chw = FashionMnist.canvasChw(source);
        assertThat(chw).hasSize(3 * 32 * 32);
        assertThat(chw[2 * 32 + 2]).isEqualTo(1f);
        assertThat(chw[32 * 32 + 2 * 32 + 2]).isEqualTo(1f);
        assertThat(chw[29 * 32 + 29]).isEqualTo(0.2f);
        assertThat(chw[0]).isZero();
        assertThat(chw[31 * 32 + 31]).isZero();
    }
}
