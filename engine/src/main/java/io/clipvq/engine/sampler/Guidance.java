package io.clipvq.engine.sampler;

import io.clipvq.engine.schedule.DiffusionSchedule;

/**
 * Classifier-free guidance at one position: {@code log p~ = log p~_null + s (log p~_cond - log p~_null)},
 * renormalised with logsumexp and clamped to [-70, 0] as VQ-Diffusion's cf_predict_start does. The result is
 * written as probabilities (the posterior and the Gumbel-max draw work on probabilities).
 */
public final class Guidance {
    static final double MIN_PROBABILITY = Math.exp(DiffusionSchedule.LOG_CLAMP);

    private Guidance() {
    }

    /**
     * Reads the K log-probabilities of one position from the denoiser output (layout [rows, K, N], so successive
     * codes are {@code stride = N} apart) and writes the guided, normalised probabilities into {@code prob}.
     *
     * @param nullOffset offset of the same position in the null-condition row, or -1 without guidance rows
     * @return the index of the most probable code
     */
    public static int guidedProbabilities(float[] logProbs, int condOffset, int nullOffset, int stride,
                                          int numCodes, double scale, double[] prob) {
        double max = Double.NEGATIVE_INFINITY;
        int top = 0;
        if (nullOffset < 0) {
            for (int k = 0, i = condOffset; k < numCodes; k++, i += stride) {
                double l = logProbs[i];
                prob[k] = l;
                if (l > max) {
                    max = l;
                    top = k;
                }
            }
        } else {
            for (int k = 0, i = condOffset, j = nullOffset; k < numCodes; k++, i += stride, j += stride) {
                double n = logProbs[j];
                double l = n + scale * (logProbs[i] - n);
                prob[k] = l;
                if (l > max) {
                    max = l;
                    top = k;
                }
            }
        }
        if (!(max > Double.NEGATIVE_INFINITY) || Double.isNaN(max) || max == Double.POSITIVE_INFINITY) {
            throw new IllegalStateException("denoiser output is not finite at offset " + condOffset + " (max " + max + ")");
        }
        double sum = 0.0;
        for (int k = 0; k < numCodes; k++) {
            double e = Math.exp(prob[k] - max);
            prob[k] = e;
            sum += e;
        }
        double inv = 1.0 / sum;
        for (int k = 0; k < numCodes; k++) {
            double p = prob[k] * inv;
            prob[k] = p < MIN_PROBABILITY ? MIN_PROBABILITY : p;
        }
        return top;
    }
}
