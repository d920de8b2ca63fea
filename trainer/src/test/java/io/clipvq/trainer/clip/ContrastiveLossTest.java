package io.clipvq.trainer.clip;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ContrastiveLossTest {

    @Test
    void should_equal_the_mean_of_both_cross_entropies_computed_in_plain_java() {
        int batch = 5;
        int dim = 4;
        float[] images = gaussian(batch * dim, 1);
        float[] texts = gaussian(batch * dim, 2);
        float logScale = 1.3f;
        try (NDManager m = NDManager.newBaseManager()) {
            float loss = ContrastiveLoss.loss(m.create(images, new Shape(batch, dim)), m.create(texts, new Shape(batch, dim)),
                    m.create(new float[] {logScale})).getFloat();
            assertThat((double) loss).isCloseTo(reference(images, texts, batch, dim, Math.exp(logScale)), within(1e-5));
        }
    }

    @Test
    void should_clamp_the_logit_scale_at_log_100() {
        int batch = 3;
        int dim = 2;
        float[] images = gaussian(batch * dim, 3);
        float[] texts = gaussian(batch * dim, 4);
        try (NDManager m = NDManager.newBaseManager()) {
            float loss = ContrastiveLoss.loss(m.create(images, new Shape(batch, dim)), m.create(texts, new Shape(batch, dim)),
                    m.create(new float[] {9f})).getFloat();
            assertThat((double) loss).isCloseTo(reference(images, texts, batch, dim, 100), within(1e-4));
        }
    }

    /** -(1/2B) sum_k [log softmax_row(L)[k, k] + log softmax_col(L)[k, k]], L = scale * cos(i_a, t_b). */
    private static double reference(float[] images, float[] texts, int batch, int dim, double scale) {
        double[][] logits = new double[batch][batch];
        for (int a = 0; a < batch; a++) {
            for (int b = 0; b < batch; b++) {
                double dot = 0;
                double na = 0;
                double nb = 0;
                for (int j = 0; j < dim; j++) {
                    dot += images[a * dim + j] * texts[b * dim + j];
                    na += images[a * dim + j] * images[a * dim + j];
                    nb += texts[b * dim + j] * texts[b * dim + j];
                }
                logits[a][b] = scale * dot / Math.sqrt(na * nb);
            }
        }
        double total = 0;
        for (int k = 0; k < batch; k++) {
            double rowSum = 0;
            double colSum = 0;
            for (int j = 0; j < batch; j++) {
                rowSum += Math.exp(logits[k][j]);
                colSum += Math.exp(logits[j][k]);
            }
            total += (Math.log(rowSum) - logits[k][k]) + (Math.log(colSum) - logits[k][k]);
        }
        return total / (2.0 * batch);
    }

    private static float[] gaussian(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
