package io.clipvq.trainer.stats;

/**
 * Eigen-decomposition of a real symmetric matrix by cyclic Jacobi rotations: A = V diag(values) V^T with V
 * orthonormal. Jacobi is slow for large matrices but simple and accurate for the small covariance matrices of CLIP
 * embeddings (dimension up to a few hundred).
 *
 * @param values  eigenvalues, ascending
 * @param vectors V, row-major; column j is the unit eigenvector of values[j]
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

    private static final int MAX_SWEEPS = 100;

    public static SymmetricEigen decompose(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException("matrix is not square: row " + i + " has " + matrix[i].length
                        + " columns, expected " + n);
            }
            a[i] = matrix[i].clone();
            for (double value : a[i]) {
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("matrix holds a non-finite value in row " + i);
                }
                scale = Math.max(scale, Math.abs(value));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Math.abs(a[i][j] - a[j][i]) > 1e-9 * Math.max(scale, 1e-300)) {
                    throw new IllegalArgumentException("matrix is not symmetric at (" + i + ", " + j + "): " + a[i][j]
                            + " vs " + a[j][i]);
                }
            }
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonalNorm(a) > 1e-15 * frobenius(a); sweep++) {
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0) {
                        rotate(a, v, p, q);
                    }
                }
            }
        }
        return sorted(a, v);
    }

    /** Zeroes a[p][q] by A <- J^T A J, V <- V J with J the rotation by angle phi, t = tan(phi). */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        int n = a.length;
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        // the smaller root of t^2 + 2 theta t - 1 = 0 keeps the rotation under 45 degrees (stable)
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        a[p][q] = 0;
        a[q][p] = 0;
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    private static SymmetricEigen sorted(double[][] a, double[][] v) {
        int n = a.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (i, j) -> Double.compare(a[i][i], a[j][j]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int j = 0; j < n; j++) {
            values[j] = a[order[j]][order[j]];
            for (int k = 0; k < n; k++) {
                vectors[k][j] = v[k][order[j]];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** V diag(f(values)) V^T, e.g. the principal square root with f = sqrt of the clamped value. */
    public double[][] reconstruct(java.util.function.DoubleUnaryOperator f) {
        int n = values.length;
        double[][] out = new double[n][n];
        for (int j = 0; j < n; j++) {
            double scaled = f.applyAsDouble(values[j]);
            if (scaled == 0) {
                continue;
            }
            for (int r = 0; r < n; r++) {
                double left = vectors[r][j] * scaled;
                for (int c = 0; c < n; c++) {
                    out[r][c] += left * vectors[c][j];
                }
            }
        }
        return out;
    }

    private static double offDiagonalNorm(double[][] a) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                if (i != j) {
                    sum += a[i][j] * a[i][j];
                }
            }
        }
        return Math.sqrt(sum);
    }

    private static double frobenius(double[][] a) {
        double sum = 0;
        for (double[] row : a) {
            for (double value : row) {
                sum += value * value;
            }
        }
        return Math.sqrt(sum);
    }
}
