package io.clipvq.trainer.stats;

import java.util.List;

/**
 * Mean and covariance of a set of embedding vectors, the summary the Frechet distance compares. The covariance is
 * the unbiased sample covariance (divides by n - 1), as numpy.cov and the usual FID code use.
 */
public record GaussianStats(double[] mean, double[][] covariance, int count) {

    public static GaussianStats of(List<float[]> embeddings) {
        double[][] rows = new double[embeddings.size()][];
        for (int i = 0; i < rows.length; i++) {
            float[] embedding = embeddings.get(i);
            rows[i] = new double[embedding.length];
            for (int j = 0; j < embedding.length; j++) {
                rows[i][j] = embedding[j];
            }
        }
        return of(rows);
    }

    public static GaussianStats of(double[][] embeddings) {
        int n = embeddings.length;
        if (n < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 embeddings, got " + n);
        }
        int d = embeddings[0].length;
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            if (embeddings[i].length != d) {
                throw new IllegalArgumentException("embedding " + i + " has dimension " + embeddings[i].length
                        + ", expected " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(embeddings[i][j])) {
                    throw new IllegalArgumentException("embedding " + i + " holds a non-finite value at " + j);
                }
                mean[j] += embeddings[i][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] covariance = new double[d][d];
        double[] centred = new double[d];
        for (double[] embedding : embeddings) {
            for (int j = 0; j < d; j++) {
                centred[j] = embedding[j] - mean[j];
            }
            for (int r = 0; r < d; r++) {
                for (int c = r; c < d; c++) {
                    covariance[r][c] += centred[r] * centred[c];
                }
            }
        }
        for (int r = 0; r < d; r++) {
            for (int c = r; c < d; c++) {
                covariance[r][c] /= n - 1;
                covariance[c][r] = covariance[r][c];
            }
        }
        return new GaussianStats(mean, covariance, n);
    }

    public int dimension() {
        return mean.length;
    }
}
