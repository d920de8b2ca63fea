package io.clipvq.trainer.stats;

/**
 * Frechet distance between two Gaussians fitted to embedding sets (the FID formula):
 * |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2)).
 *
 * <p>S1 S2 is not symmetric, but tr((S1 S2)^(1/2)) = tr((R S2 R)^(1/2)) with R = S1^(1/2), and R S2 R is symmetric
 * positive semi-definite; so two symmetric eigen-decompositions suffice. Eigenvalues that come out slightly negative
 * from rounding are treated as 0, and the result is clamped at 0 (the distance is never negative).
 */
public final class FrechetDistance {

    private FrechetDistance() {
    }

    public static double between(GaussianStats a, GaussianStats b) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("embedding dimensions differ: " + a.dimension() + " vs " + b.dimension());
        }
        int d = a.dimension();
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = a.mean()[j] - b.mean()[j];
            meanTerm += diff * diff;
        }
        double[][] root = SymmetricEigen.decompose(a.covariance()).reconstruct(v -> Math.sqrt(Math.max(v, 0)));
        double[][] middle = multiply(multiply(root, b.covariance()), root);
        for (int r = 0; r < d; r++) {
            for (int c = r + 1; c < d; c++) {
                double average = (middle[r][c] + middle[c][r]) / 2;
                middle[r][c] = average;
                middle[c][r] = average;
            }
        }
        double traceRoot = 0;
        for (double value : SymmetricEigen.decompose(middle).values()) {
            traceRoot += Math.sqrt(Math.max(value, 0));
        }
        double distance = meanTerm + trace(a.covariance()) + trace(b.covariance()) - 2 * traceRoot;
        return Math.max(distance, 0);
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        double[][] out = new double[n][n];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < n; k++) {
                double left = x[r][k];
                if (left == 0) {
                    continue;
                }
                for (int c = 0; c < n; c++) {
                    out[r][c] += left * y[k][c];
                }
            }
        }
        return out;
    }

    private static double trace(double[][] m) {
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            sum += m[i][i];
        }
        return sum;
    }
}
