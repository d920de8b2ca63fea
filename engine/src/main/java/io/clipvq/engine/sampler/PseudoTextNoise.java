package io.clipvq.engine.sampler;

import java.util.SplittableRandom;

/**
 * LAFITE's pseudo-text noise (docs/method.md#pseudo-text-embedding): h = e + alpha * eps / ||eps|| with e the
 * L2-normalised embedding and eps ~ N(0, I), then h / ||h||. The angle between e and the result is at most
 * arcsin(alpha) for alpha &lt; 1.
 *
 * <p>The trainer perturbs image embeddings with it (the generator's training conditions); the engine may perturb a
 * prompt's text embedding with it per candidate (docs/method.md#condition-noise-at-sampling), so that the candidates
 * of one prompt are conditioned on points spread around the text embedding as the training conditions were spread
 * around their image embeddings. One formula for both, so the two cannot drift apart.
 */
public final class PseudoTextNoise {

    private PseudoTextNoise() {
    }

    /**
     * Perturbs {@code d} values of {@code vectors} from {@code offset} in place: normalises them, adds alpha times a
     * random unit direction (always d Gaussian draws from {@code random}, whatever alpha), normalises again.
     *
     * @throws IllegalArgumentException when alpha is negative or not finite, or the vector is zero or not finite
     */
    public static void perturbInPlace(float[] vectors, int offset, int d, double alpha, SplittableRandom random) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("noise level alpha must be a finite number >= 0, got " + alpha);
        }
        double[] h = new double[d];
        double eNorm = 0;
        for (int i = 0; i < d; i++) {
            h[i] = vectors[offset + i];
            eNorm += h[i] * h[i];
        }
        eNorm = Math.sqrt(eNorm);
        if (!(eNorm > 0) || Double.isInfinite(eNorm)) {
            throw new IllegalArgumentException("cannot normalise a zero or non-finite embedding");
        }
        for (int i = 0; i < d; i++) {
            h[i] /= eNorm;
        }
        double[] eps = new double[d];
        double epsNorm = 0;
        for (int i = 0; i < d; i++) {
            eps[i] = random.nextGaussian();
            epsNorm += eps[i] * eps[i];
        }
        epsNorm = Math.sqrt(epsNorm);
        for (int i = 0; i < d; i++) {
            h[i] += alpha * eps[i] / epsNorm;
        }
        double hNorm = 0;
        for (int i = 0; i < d; i++) {
            hNorm += h[i] * h[i];
        }
        hNorm = Math.sqrt(hNorm);
        for (int i = 0; i < d; i++) {
            vectors[offset + i] = (float) (h[i] / hNorm);
        }
    }
}
