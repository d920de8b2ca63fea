package io.clipvq.engine.sampler;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GumbelMaxTest {

    @Test
    void should_pick_the_same_state_as_the_textbook_gumbel_form() {
        SplitMix64 weightsRng = new SplitMix64(99);
        GumbelMax gumbel = new GumbelMax(257);
        double[] w = new double[257];
        for (int trial = 0; trial < 2000; trial++) {
            int n = trial % 2 == 0 ? 257 : 6;
            for (int j = 0; j < n; j++) {
                double u = weightsRng.nextOpenUnit();
                // mixtures of peaked and tiny weights, like the posterior under almost-pure masking
                w[j] = trial % 3 == 0 ? Math.exp(-70 * u) : (u < 0.02 ? u : 1e-9 * u);
            }
            int hint = (int) (weightsRng.nextLong() >>> 60) % n;
            long seed = 1000 + trial;
            int drawn = gumbel.draw(w, n, hint, new SplitMix64(seed));
            SplitMix64 replay = new SplitMix64(seed);
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double g = -Math.log(-Math.log(replay.nextOpenUnit()));
                double score = Math.log(w[j]) + g;
                if (score > bestScore) {
                    bestScore = score;
                    best = j;
                }
            }
            assertThat(drawn).as("trial %d", trial).isEqualTo(best);
        }
    }

    @Test
    void should_draw_with_the_given_frequencies() {
        double[] w = {0.5, 0.25, 0.125, 0.0625, 0.0625};
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        // unnormalised weights must give the same distribution
        double[] scaled = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            scaled[j] = 3.7 * w[j];
        }
        GumbelMax gumbel = new GumbelMax(5);
        SplitMix64 rng = new SplitMix64(42);
        int draws = 200_000;
        int[] counts = new int[5];
        for (int i = 0; i < draws; i++) {
            counts[gumbel.draw(scaled, 5, 0, rng)]++;
        }
        for (int j = 0; j < 5; j++) {
            // 5 standard deviations of a binomial proportion
            double sd = Math.sqrt(w[j] / sum * (1 - w[j] / sum) / draws);
            assertThat(counts[j] / (double) draws).isCloseTo(w[j] / sum, within(5 * sd));
        }
    }

    @Test
    void should_give_uniforms_strictly_inside_the_unit_interval() {
        SplitMix64 rng = new SplitMix64(0);
        double min = 1;
        double max = 0;
        for (int i = 0; i < 100_000; i++) {
            double u = rng.nextOpenUnit();
            min = Math.min(min, u);
            max = Math.max(max, u);
        }
        assertThat(min).isGreaterThan(0.0);
        assertThat(max).isLessThan(1.0);
        assertThat(((0xFFFFFFFFFFFFFL) + 0.5) * 0x1.0p-52).isLessThan(1.0);
    }
}
