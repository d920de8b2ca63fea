package io.clipvq.worker.bulk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ImageSpreadTest {
    private static final byte[] X = ImageSpread.bytes(new float[]{1, 0});
    private static final byte[] Y = ImageSpread.bytes(new float[]{0, 1});
    private static final byte[] NEAR_X = ImageSpread.bytes(new float[]{0.9999f, 0.0141f});

    @Test
    void should_count_near_distinct_images_per_prompt_and_average_the_prompts_spread() {
        ImageSpread spread = new ImageSpread(Integer.MAX_VALUE);
        // prompt 0: x, a near copy of x, y -> 2 near-distinct; pairs 1 - cos: ~0, 1, ~1 -> mean ~2/3
        spread.add(0, "a", X);
        spread.add(0, "b", NEAR_X);
        spread.add(0, "c", Y);
        // prompt 1: y, x -> 2 near-distinct; one pair at distance 1. Another prompt's x does not count against it.
        spread.add(1, "d", Y);
        spread.add(1, "e", X);

        ImageSpread.Result result = spread.result();

        assertThat(result.imagesMeasured()).isEqualTo(5);
        assertThat(result.nearDistinct()).isEqualTo(4);
        double prompt0 = (cosineDistance(X, NEAR_X) + 1 + cosineDistance(NEAR_X, Y)) / 3;
        assertThat(result.meanPairwiseDistance()).isCloseTo((prompt0 + 1) / 2, within(1e-9));
    }

    @Test
    void should_leave_out_images_past_the_cap_and_images_without_an_embedding() {
        ImageSpread spread = new ImageSpread(2);
        spread.add(0, "a", X);
        spread.add(0, "b", null);
        spread.add(0, "c", Y);
        spread.add(0, "d", X); // third with an embedding: past the cap
        spread.add(1, "e", X); // one image: no pairs

        ImageSpread.Result result = spread.result();

        assertThat(result.imagesMeasured()).isEqualTo(3);
        assertThat(result.nearDistinct()).isEqualTo(3);
        assertThat(result.meanPairwiseDistance()).isCloseTo(1.0, within(1e-9));
        assertThat(new ImageSpread(10).result().meanPairwiseDistance()).isNull();
    }

    @Test
    void should_store_embeddings_as_little_endian_floats() {
        float[] values = {0.25f, -1.5f, 3e-8f};
        byte[] bytes = ImageSpread.bytes(values);
        assertThat(bytes).hasSize(12).startsWith((byte) 0, (byte) 0, (byte) 0x80, (byte) 0x3e);
        assertThat(ImageSpread.floats(bytes)).containsExactly(values);
    }

    private static double cosineDistance(byte[] a, byte[] b) {
        float[] x = ImageSpread.floats(a);
        float[] y = ImageSpread.floats(b);
        return 1 - ((double) x[0] * y[0] + (double) x[1] * y[1]);
    }
}
