package io.clipvq.modelbuild.graphs;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClipTextGraphTest {
    private static final ClipTextSpec SPEC = ClipTextSpec.of(16, 2, 2, 6);
    private static final int C = ClipTextSpec.CLIP_CONTEXT_LENGTH;
    private static final long START = 49406;
    private static final long END = 49407;

    @Test
    void should_match_the_plain_java_forward_pass() throws Exception {
        Map<String, float[]> weights = RandomWeights.generate(SPEC.layout(), 31, 0.5);
        long[] ids = prompts(new SplittableRandom(32), 5, 1, 75);

        float[] actual = run(weights, ids, 3);
        float[] expected = ClipReference.text(SPEC, weights, ids, 3);

        assertThat(actual).hasSize(3 * SPEC.embedDim());
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("text_embeds[%d]", i).isCloseTo(expected[i], within(1e-4f));
        }
    }

    @Test
    void should_ignore_tokens_after_the_end_token_as_the_causal_mask_and_eot_pooling_imply() throws Exception {
        Map<String, float[]> weights = RandomWeights.generate(SPEC.layout(), 41, 0.5);
        long[] ids = prompts(new SplittableRandom(42), 4);
        long[] padded = ids.clone();
        for (int i = 6; i < C; i++) {
            padded[i] = 1000 + i; // anything below the end id after the end token
        }
        long[] changedEarly = ids.clone();
        changedEarly[2] = 777;

        float[] base = run(weights, ids, 1);
        float[] afterEnd = run(weights, padded, 1);
        for (int i = 0; i < base.length; i++) {
            assertThat(afterEnd[i]).isCloseTo(base[i], within(1e-5f));
        }
        assertThat(run(weights, changedEarly, 1)).isNotEqualTo(base);
    }

    /** Prompts of the given token counts: start, random word ids, end, zero padding (OpenAI's layout). */
    private static long[] prompts(SplittableRandom random, int... wordCounts) {
        long[] ids = new long[wordCounts.length * C];
        for (int b = 0; b < wordCounts.length; b++) {
            ids[b * C] = START;
            for (int i = 1; i <= wordCounts[b]; i++) {
                ids[b * C + i] = 1 + random.nextInt(49000);
            }
            ids[b * C + wordCounts[b] + 1] = END;
        }
        return ids;
    }

    private static float[] run(Map<String, float[]> weights, long[] ids, int batch) throws Exception {
        return new OrtRunner().longs(ClipTextGraph.INPUT_IDS, ids, batch, C)
                .runFloat(ClipTextGraph.build(SPEC, weights), ClipTextGraph.OUTPUT_EMBEDS);
    }
}
