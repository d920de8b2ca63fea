package io.clipvq.trainer.diffusion;

import java.util.SplittableRandom;

/**
 * LAFITE's pseudo text embedding (docs/method.md#pseudo-text-embedding): h = e + alpha * eps / ||eps|| with e the
 * normalised CLIP image embedding and eps ~ N(0, I), then h' = h / ||h||. The angle between e and h' is at most
 * arcsin(alpha), which is what lets a generator trained on image embeddings accept text embeddings.
 */
public final class PseudoTextCondition {
    public static final double DEFAULT_ALPHA = 0.25;

    private PseudoTextCondition() {
    }

    public static float[] perturb(float[] imageEmbedding, double alpha, SplittableRandom random) {
        if (alpha < 0) {
            throw new IllegalArgumentException("noise level alpha must be >= 0, got " + alpha);
        }
        double[] e = normalised(imageEmbedding);
        double[] eps = new double[e.length];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = random.nextGaussian();
        }
        double epsNorm = norm(eps);
        double[] h = new double[e.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = e[i] + alpha * eps[i] / epsNorm;
        }
        double hNorm = norm(h);
        float[] out = new float[h.length];
        for (int i = 0; i < h.length; i++) {
            out[i] = (float) (h[i] / hNorm);
        }
        return out;
    }

    static double[] normalised(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        double n = norm(d);
        if (!(n > 0)) {
            throw new IllegalArgumentException("cannot normalise a zero or non-finite embedding");
        }
        for (int i = 0; i < d.length; i++) {
            d[i] /= n;
        }
        return d;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
