package io.clipvq.engine.sampler;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PseudoTextNoiseTest {
    private static final int D = 64;

    private static float[] randomVector(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[D];
        for (int i = 0; i < D; i++) {
            v[i] = (float) (random.nextDouble() * 4 - 2);
        }
        return v;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }

    @Test
    void should_match_the_formula_computed_independently() {
        float[] e = randomVector(1);
        float[] out = e.clone();
        PseudoTextNoise.perturbInPlace(out, 0, D, 0.5, new SplittableRandom(7));

        // the same draws, the formula written out: h = e/|e| + 0.5 eps/|eps|, then h/|h|
        SplittableRandom random = new SplittableRandom(7);
        double[] eps = new double[D];
        for (int i = 0; i < D; i++) {
            eps[i] = random.nextGaussian();
        }
        double eNorm = norm(e);
        double epsNorm = 0;
        for (double x : eps) {
            epsNorm += x * x;
        }
        epsNorm = Math.sqrt(epsNorm);
        double[] h = new double[D];
        double hNorm = 0;
        for (int i = 0; i < D; i++) {
            h[i] = e[i] / eNorm + 0.5 * eps[i] / epsNorm;
            hNorm += h[i] * h[i];
        }
        hNorm = Math.sqrt(hNorm);
        for (int i = 0; i < D; i++) {
            assertThat((double) out[i]).isCloseTo(h[i] / hNorm, within(1e-6));
        }
    }

    @Test
    void should_stay_within_arcsin_alpha_of_the_input_and_give_unit_vectors() {
        float[] e = randomVector(2);
        for (double alpha : new double[] {0.1, 0.25, 0.75}) {
            double minCosine = Math.cos(Math.asin(alpha));
            for (long seed = 0; seed < 200; seed++) {
                float[] out = e.clone();
                PseudoTextNoise.perturbInPlace(out, 0, D, alpha, new SplittableRandom(seed));
                assertThat(norm(out)).isCloseTo(1.0, within(1e-5));
                assertThat(cosine(out, e)).isGreaterThanOrEqualTo(minCosine - 1e-6);
            }
        }
    }

    @Test
    void should_only_normalise_at_alpha_zero_and_touch_only_its_slice() {
        float[] e = randomVector(3);
        float[] rows = new float[3 * D];
        System.arraycopy(e, 0, rows, D, D);
        rows[0] = 9;
        rows[2 * D] = 9;

        PseudoTextNoise.perturbInPlace(rows, D, D, 0, new SplittableRandom(1));

        double eNorm = norm(e);
        for (int i = 0; i < D; i++) {
            assertThat((double) rows[D + i]).isCloseTo(e[i] / eNorm, within(1e-6));
        }
        assertThat(rows[0]).isEqualTo(9f);
        assertThat(rows[2 * D]).isEqualTo(9f);
    }

    @Test
    void should_give_the_same_vector_for_the_same_seed_and_others_for_other_seeds() {
        float[] a = randomVector(4);
        float[] b = a.clone();
        float[] c = a.clone();
        PseudoTextNoise.perturbInPlace(a, 0, D, 0.75, new SplittableRandom(11));
        PseudoTextNoise.perturbInPlace(b, 0, D, 0.75, new SplittableRandom(11));
        PseudoTextNoise.perturbInPlace(c, 0, D, 0.75, new SplittableRandom(12));

        assertThat(a).containsExactly(b);
        assertThat(cosine(a, c)).isLessThan(0.999);
    }

    @Test
    void should_refuse_a_negative_alpha_and_a_zero_vector() {
        assertThatThrownBy(() -> PseudoTextNoise.perturbInPlace(randomVector(5), 0, D, -0.1, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha");
        assertThatThrownBy(() -> PseudoTextNoise.perturbInPlace(new float[D], 0, D, 0.5, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero");
    }
}
