package io.clipvq.trainer.stats;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Eigen-decomposition of a real symmetric matrix, A = V diag(values) V^T with V orthonormal, computed by EJML's
 * symmetric QR algorithm (tridiagonalisation, then implicit QR). This record only checks the input, sorts the
 * result and rebuilds matrix functions from it; docs/hand-written.md tells why the Jacobi solver it replaced went.
 *
 * @param values  eigenvalues, ascending
 * @param vectors V, row-major; column j is the unit eigenvector of values[j]
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

    public static SymmetricEigen decompose(double[][] matrix) {
        int n = matrix.length;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException("matrix is not square: row " + i + " has " + matrix[i].length
                        + " columns, expected " + n);
            }
            for (double value : matrix[i]) {
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("matrix holds a non-finite value in row " + i);
                }
                scale = Math.max(scale, Math.abs(value));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Math.abs(matrix[i][j] - matrix[j][i]) > 1e-9 * Math.max(scale, 1e-300)) {
                    throw new IllegalArgumentException("matrix is not symmetric at (" + i + ", " + j + "): "
                            + matrix[i][j] + " vs " + matrix[j][i]);
                }
            }
        }
        if (n == 0) {
            return new SymmetricEigen(new double[0], new double[0][0]);
        }
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eigen.decompose(new DMatrixRMaj(matrix))) {
            throw new IllegalStateException("the symmetric eigen-decomposition of a " + n + "x" + n
                    + " matrix did not converge");
        }
        Integer[] order = new Integer[n];
        double[] unsorted = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            unsorted[i] = eigen.getEigenvalue(i).real;
        }
        Arrays.sort(order, (i, j) -> Double.compare(unsorted[i], unsorted[j]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int j = 0; j < n; j++) {
            values[j] = unsorted[order[j]];
            DMatrixRMaj vector = eigen.getEigenVector(order[j]);
            for (int k = 0; k < n; k++) {
                vectors[k][j] = vector.get(k);
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** V diag(f(values)) V^T, e.g. the principal square root with f = sqrt of the clamped value. */
    public double[][] reconstruct(DoubleUnaryOperator f) {
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
}
