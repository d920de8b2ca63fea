package io.clipvq.trainer.stats;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FrechetDistanceTest {

    @Test
    void should_decompose_a_2x2_matrix_computed_by_hand() {
        // [[2, 1], [1, 2]]: eigenvalues 1 (vector (1, -1)/sqrt2) and 3 (vector (1, 1)/sqrt2)
        SymmetricEigen eigen = SymmetricEigen.decompose(new double[][] {{2, 1}, {1, 2}});
        assertThat(eigen.values()[0]).isCloseTo(1, within(1e-12));
        assertThat(eigen.values()[1]).isCloseTo(3, within(1e-12));
        double r = Math.sqrt(0.5);
        assertThat(Math.abs(eigen.vectors()[0][0])).isCloseTo(r, within(1e-12));
        assertThat(eigen.vectors()[0][0] * eigen.vectors()[1][0]).isCloseTo(-0.5, within(1e-12));
        assertThat(eigen.vectors()[0][1] * eigen.vectors()[1][1]).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void should_decompose_a_3x3_matrix_computed_by_hand() {
        // tridiag(-1, 2, -1): eigenvalues 2 - sqrt2, 2, 2 + sqrt2; the middle vector is (1, 0, -1)/sqrt2
        SymmetricEigen eigen = SymmetricEigen.decompose(new double[][] {{2, -1, 0}, {-1, 2, -1}, {0, -1, 2}});
        assertThat(eigen.values()).containsExactly(new double[] {2 - Math.sqrt(2), 2, 2 + Math.sqrt(2)},
                within(1e-12));
        assertThat(eigen.vectors()[1][1]).isCloseTo(0, within(1e-12));
        assertThat(eigen.vectors()[0][1] + eigen.vectors()[2][1]).isCloseTo(0, within(1e-12));
        // smallest: (1, sqrt2, 1)/2
        assertThat(eigen.vectors()[1][0] / eigen.vectors()[0][0]).isCloseTo(Math.sqrt(2), within(1e-12));
    }

    @Test
    void should_reconstruct_a_random_symmetric_matrix_with_orthonormal_vectors() {
        SplittableRandom random = new SplittableRandom(4);
        int n = 12;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i][j] = random.nextDouble(-1, 1);
                a[j][i] = a[i][j];
            }
        }
        SymmetricEigen eigen = SymmetricEigen.decompose(a);
        double[][] back = eigen.reconstruct(v -> v);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(back[i][j]).isCloseTo(a[i][j], within(1e-12));
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    dot += eigen.vectors()[k][i] * eigen.vectors()[k][j];
                }
                assertThat(dot).isCloseTo(i == j ? 1 : 0, within(1e-12));
            }
            if (i > 0) {
                assertThat(eigen.values()[i]).isGreaterThanOrEqualTo(eigen.values()[i - 1]);
            }
        }
        assertThatThrownBy(() -> SymmetricEigen.decompose(new double[][] {{1, 2}, {3, 4}}))
                .hasMessageContaining("not symmetric at (0, 1)");
    }

    @Test
    void should_recover_a_known_spectrum_and_its_vectors_at_embedding_size() {
        // A = H diag(lambda) H with H = I - 2 u u^T / |u|^2 (a Householder reflection: symmetric and orthogonal), so
        // the eigenvalues are lambda and the eigenvectors the columns of H, known without any eigen-solver
        int n = 160;
        SplittableRandom random = new SplittableRandom(10);
        double[] u = new double[n];
        double uu = 0;
        for (int i = 0; i < n; i++) {
            u[i] = random.nextDouble(-1, 1);
            uu += u[i] * u[i];
        }
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] = (i == j ? 1 : 0) - 2 * u[i] * u[j] / uu;
            }
        }
        double[] lambda = new double[n];
        for (int k = 0; k < n; k++) {
            lambda[k] = 0.25 * (k - 40); // ascending, negative, zero and positive
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += h[i][k] * lambda[k] * h[j][k];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                a[j][i] = a[i][j];
            }
        }
        SymmetricEigen eigen = SymmetricEigen.decompose(a);
        assertThat(eigen.values()).containsExactly(lambda, within(1e-11));
        for (int k = 0; k < n; k++) {
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += eigen.vectors()[i][k] * h[i][k];
            }
            assertThat(Math.abs(dot)).as("vector %d", k).isCloseTo(1, within(1e-10));
        }
    }

    @Test
    void should_give_zero_for_the_same_set_and_the_squared_shift_for_a_shifted_set() {
        double[][] x = correlatedSample(new SplittableRandom(5), 400, 16);
        GaussianStats stats = GaussianStats.of(x);
        assertThat(FrechetDistance.between(stats, stats)).isCloseTo(0, within(1e-8));
        double[] shift = new double[16];
        double shiftSquared = 0;
        double[][] shifted = new double[x.length][16];
        for (int j = 0; j < 16; j++) {
            shift[j] = 0.1 * (j - 7);
            shiftSquared += shift[j] * shift[j];
        }
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 16; j++) {
                shifted[i][j] = x[i][j] + shift[j];
            }
        }
        assertThat(FrechetDistance.between(stats, GaussianStats.of(shifted))).isCloseTo(shiftSquared, within(1e-8));
    }

    @Test
    void should_match_the_closed_form_for_a_scaled_and_shifted_set() {
        // Y = k X + c: cov(Y) = k^2 S commutes with S, so FD = |(1 - k) mu - c|^2 + (1 - k)^2 tr(S)
        double[][] x = correlatedSample(new SplittableRandom(6), 300, 10);
        double k = 2.5;
        double[][] y = new double[x.length][10];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 10; j++) {
                y[i][j] = k * x[i][j] + 0.3 * j;
            }
        }
        GaussianStats sx = GaussianStats.of(x);
        double expected = 0;
        double trace = 0;
        for (int j = 0; j < 10; j++) {
            double diff = (1 - k) * sx.mean()[j] - 0.3 * j;
            expected += diff * diff;
            trace += sx.covariance()[j][j];
        }
        expected += (1 - k) * (1 - k) * trace;
        assertThat(FrechetDistance.between(sx, GaussianStats.of(y))).isCloseTo(expected, within(1e-8 * expected));
    }

    @Test
    void should_match_the_2x2_closed_form_for_non_commuting_covariances() {
        // for 2x2 PSD A, B: tr sqrt(A B) = sqrt(tr(AB) + 2 sqrt(det(AB))) (the eigenvalues of AB are l1, l2 >= 0 and
        // (sqrt l1 + sqrt l2)^2 = l1 + l2 + 2 sqrt(l1 l2))
        SplittableRandom random = new SplittableRandom(8);
        double[][] x = new double[500][2];
        double[][] y = new double[500][2];
        for (int i = 0; i < 500; i++) {
            double u = random.nextDouble(-1, 1);
            double v = random.nextDouble(-1, 1);
            x[i] = new double[] {3 * u + v, v};
            y[i] = new double[] {u + 1, 0.5 * u - 2 * v + 3};
        }
        GaussianStats a = GaussianStats.of(x);
        GaussianStats b = GaussianStats.of(y);
        double[][] ca = independentCovariance(x);
        double[][] cb = independentCovariance(y);
        double[][] ab = {
            {ca[0][0] * cb[0][0] + ca[0][1] * cb[1][0], ca[0][0] * cb[0][1] + ca[0][1] * cb[1][1]},
            {ca[1][0] * cb[0][0] + ca[1][1] * cb[1][0], ca[1][0] * cb[0][1] + ca[1][1] * cb[1][1]}};
        double traceRoot = Math.sqrt(ab[0][0] + ab[1][1] + 2 * Math.sqrt(ab[0][0] * ab[1][1] - ab[0][1] * ab[1][0]));
        double meanTerm = Math.pow(a.mean()[0] - b.mean()[0], 2) + Math.pow(a.mean()[1] - b.mean()[1], 2);
        double expected = meanTerm + ca[0][0] + ca[1][1] + cb[0][0] + cb[1][1] - 2 * traceRoot;
        assertThat(FrechetDistance.between(a, b)).isCloseTo(expected, within(1e-10));
        assertThat(FrechetDistance.between(b, a)).isCloseTo(expected, within(1e-10));
    }

    @Test
    void should_approach_the_gaussian_value_for_large_samples() {
        // N(0, I) vs N(m, 4 I) in 3 dimensions: |m|^2 + 3 (1 - 2)^2 = 1 + 3 = 4
        SplittableRandom random = new SplittableRandom(9);
        double[][] x = new double[20000][3];
        double[][] y = new double[20000][3];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = gaussian(random);
                y[i][j] = 2 * gaussian(random) + (j == 0 ? 1 : 0);
            }
        }
        assertThat(FrechetDistance.between(GaussianStats.of(x), GaussianStats.of(y))).isCloseTo(4, within(0.15));
    }

    @Test
    void should_refuse_mismatched_or_too_few_embeddings() {
        assertThatThrownBy(() -> GaussianStats.of(new double[][] {{1, 2}})).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> GaussianStats.of(new double[][] {{1, 2}, {1}})).hasMessageContaining("embedding 1");
        GaussianStats two = GaussianStats.of(new double[][] {{1, 2}, {3, 4}});
        GaussianStats three = GaussianStats.of(new double[][] {{1, 2, 3}, {3, 4, 5}});
        assertThatThrownBy(() -> FrechetDistance.between(two, three)).hasMessageContaining("2 vs 3");
        assertThat(GaussianStats.of(java.util.List.of(new float[] {1, 2}, new float[] {3, 4})).covariance()[0][1])
                .isEqualTo(2.0);
    }

    private static double[][] correlatedSample(SplittableRandom random, int n, int d) {
        double[][] mixing = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                mixing[i][j] = random.nextDouble(-1, 1);
            }
        }
        double[][] x = new double[n][d];
        for (int s = 0; s < n; s++) {
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = gaussian(random);
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    x[s][i] += mixing[i][j] * z[j];
                }
                x[s][i] += i;
            }
        }
        return x;
    }

    private static double[][] independentCovariance(double[][] x) {
        double m0 = 0;
        double m1 = 0;
        for (double[] row : x) {
            m0 += row[0] / x.length;
            m1 += row[1] / x.length;
        }
        double c00 = 0;
        double c01 = 0;
        double c11 = 0;
        for (double[] row : x) {
            c00 += (row[0] - m0) * (row[0] - m0);
            c01 += (row[0] - m0) * (row[1] - m1);
            c11 += (row[1] - m1) * (row[1] - m1);
        }
        int n1 = x.length - 1;
        return new double[][] {{c00 / n1, c01 / n1}, {c01 / n1, c11 / n1}};
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
