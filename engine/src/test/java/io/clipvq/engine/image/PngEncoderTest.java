package io.clipvq.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {

    private static float[] randomImage(int height, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[3 * height * width];
        for (int i = 0; i < pixels.length; i++) {
            // a little outside [0, 1] so that clamping is exercised too
            pixels[i] = (float) (random.nextDouble() * 1.2 - 0.1);
        }
        return pixels;
    }

    @Test
    void should_round_to_the_nearest_level_with_ties_up_and_clamp() {
        assertThat(PngEncoder.toLevel(0f)).isEqualTo(0);
        assertThat(PngEncoder.toLevel(1f)).isEqualTo(255);
        assertThat(PngEncoder.toLevel(0.2f)).isEqualTo(51);        // 51.0
        assertThat(PngEncoder.toLevel(0.5f)).isEqualTo(128);       // 127.5 rounds up
        assertThat(PngEncoder.toLevel(0.498f)).isEqualTo(127);     // 126.99
        assertThat(PngEncoder.toLevel(1.7f)).isEqualTo(255);
        assertThat(PngEncoder.toLevel(-0.3f)).isEqualTo(0);
        assertThat(PngEncoder.toLevel(Float.POSITIVE_INFINITY)).isEqualTo(255);
    }

    @Test
    void should_decode_with_imageio_to_the_same_levels() throws IOException {
        int height = 37;
        int width = 23;
        float[] pixels = randomImage(height, width, 7);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(pixels, height, width)));
        assertThat(decoded.getWidth()).isEqualTo(width);
        assertThat(decoded.getHeight()).isEqualTo(height);
        assertThat(decoded.getColorModel().getNumComponents()).isEqualTo(3);
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = decoded.getRGB(x, y);
                int i = y * width + x;
                assertThat((rgb >> 16) & 0xFF).isEqualTo(PngEncoder.toLevel(pixels[i]));
                assertThat((rgb >> 8) & 0xFF).isEqualTo(PngEncoder.toLevel(pixels[plane + i]));
                assertThat(rgb & 0xFF).isEqualTo(PngEncoder.toLevel(pixels[2 * plane + i]));
            }
        }
    }

    @Test
    void should_give_identical_bytes_for_identical_pixels_and_different_bytes_otherwise() {
        float[] pixels = randomImage(32, 32, 11);
        byte[] first = PngEncoder.encode(pixels, 32, 32);
        byte[] second = PngEncoder.encode(pixels.clone(), 32, 32);
        assertThat(second).isEqualTo(first);
        pixels[100] = pixels[100] > 0.5f ? 0f : 1f;
        assertThat(PngEncoder.encode(pixels, 32, 32)).isNotEqualTo(first);
    }

    @Test
    void should_encode_one_image_of_a_batch_buffer() throws IOException {
        float[] batch = new float[2 * 3 * 4 * 5];
        Arrays.fill(batch, 60, 120, 1f); // second image all white
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(batch, 60, 4, 5)));
        assertThat(decoded.getRGB(3, 2) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(PngEncoder.encode(batch, 0, 4, 5)).isNotEqualTo(PngEncoder.encode(batch, 60, 4, 5));
    }

    @Test
    void should_write_signature_header_and_checksummed_chunks_only() {
        byte[] png = PngEncoder.encode(randomImage(3, 2, 1), 3, 2);
        ByteBuffer buffer = ByteBuffer.wrap(png);
        byte[] signature = new byte[8];
        buffer.get(signature);
        assertThat(signature).containsExactly(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        StringBuilder types = new StringBuilder();
        while (buffer.hasRemaining()) {
            int length = buffer.getInt();
            byte[] typeAndData = new byte[4 + length];
            buffer.get(typeAndData);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            assertThat(buffer.getInt()).isEqualTo((int) crc.getValue());
            String type = new String(typeAndData, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
            types.append(type).append(' ');
            if (type.equals("IHDR")) {
                ByteBuffer ihdr = ByteBuffer.wrap(typeAndData, 4, length);
                assertThat(ihdr.getInt()).isEqualTo(2);   // width
                assertThat(ihdr.getInt()).isEqualTo(3);   // height
                assertThat(ihdr.get()).isEqualTo((byte) 8);
                assertThat(ihdr.get()).isEqualTo((byte) 2);
            }
        }
        assertThat(types.toString()).isEqualTo("IHDR IDAT IEND ");
    }

    @Test
    void should_refuse_nan_naming_the_pixel() {
        float[] pixels = new float[3 * 2 * 2];
        pixels[4 + 3] = Float.NaN; // channel 1, y 1, x 1
        assertThatThrownBy(() -> PngEncoder.encode(pixels, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel 1, y 1, x 1");
    }

    @Test
    void should_refuse_an_array_too_small_for_the_image() {
        assertThatThrownBy(() -> PngEncoder.encode(new float[10], 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 10");
    }
}
