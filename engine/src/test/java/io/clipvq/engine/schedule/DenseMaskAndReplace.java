package io.clipvq.engine.schedule;

import java.util.Arrays;
import java.util.Comparator;

/**
 * An independent dense computation of docs/method.md#masked-discrete-diffusion for small K, used only by tests:
 * explicit (K+1) x (K+1) transition matrices written from the per-step definitions, their products, Bayes' rule, and
 * guidance and truncation with a full sort in log space. Matrices are indexed [to][from]; state K is [MASK].
 */
public final class DenseMaskAndReplace {
    public final int k;
    public final int bigT;
    /** qStep[t] = Q_t, t = 1..T. */
    public final double[][][] qStep;
    /** qBar[t] = Q_t ... Q_1, qBar[0] = identity. */
    public final double[][][] qBar;

    /**
     * Built only from the definitions of abar_t and gbar_t in docs/method.md#mask-and-replace-schedule: linear
     * endpoints.
     */
    public DenseMaskAndReplace(int k, int bigT, double a1, double aT, double g1, double gT) {
        this.k = k;
        this.bigT = bigT;
        double[] abar = new double[bigT + 1];
        double[] gbar = new double[bigT + 1];
        abar[0] = 1;
        gbar[0] = 0;
        for (int t = 1; t <= bigT; t++) {
            abar[t] = a1 + (aT - a1) * (t - 1) / (bigT - 1);
            gbar[t] = g1 + (gT - g1) * (t - 1) / (bigT - 1);
        }
        qStep = new double[bigT + 1][][];
        qBar = new double[bigT + 1][][];
        qBar[0] = identity(k + 1);
        for (int t = 1; t <= bigT; t++) {
            double alpha = abar[t] / abar[t - 1];
            double gamma = 1 - (1 - gbar[t]) / (1 - gbar[t - 1]);
            double beta = (1 - alpha - gamma) / k;
            double[][] q = new double[k + 1][k + 1];
            for (int from = 0; from < k; from++) {
                for (int to = 0; to < k; to++) {
                    q[to][from] = beta + (to == from ? alpha : 0);
                }
                q[k][from] = gamma;
            }
            q[k][k] = 1;
            qStep[t] = q;
            qBar[t] = multiply(q, qBar[t - 1]);
        }
    }

    public static DenseMaskAndReplace standard(int k, int bigT) {
        return new DenseMaskAndReplace(k, bigT, 0.99999, 0.000009, 0.000009, 0.99999);
    }

    /** Q_t ... Q_{s+1}: the transition from s to t. */
    public double[][] product(int s, int t) {
        double[][] m = identity(k + 1);
        for (int u = s + 1; u <= t; u++) {
            m = multiply(qStep[u], m);
        }
        return m;
    }

    /** Bayes: q(x_s = j | x_t = xt, x_0 = x0) for all j. */
    public double[] bayes(int s, int t, int xt, int x0) {
        double[][] jump = product(s, t);
        double[] r = new double[k + 1];
        for (int j = 0; j <= k; j++) {
            r[j] = jump[xt][j] * qBar[s][j][x0] / qBar[t][xt][x0];
        }
        return r;
    }

    /** p(x_s | x_t) = sum_k p~_k q(x_s | x_t, x_0 = k), log-probabilities clamped to [-70, 0]. */
    public double[] logPosterior(int s, int t, int xt, double[] px0) {
        double[] r = new double[k + 1];
        for (int x0 = 0; x0 < k; x0++) {
            double[] b = bayes(s, t, xt, x0);
            for (int j = 0; j <= k; j++) {
                r[j] += px0[x0] * b[j];
            }
        }
        for (int j = 0; j <= k; j++) {
            r[j] = Math.min(0, Math.max(-70, Math.log(r[j])));
        }
        return r;
    }

    /** Guidance, logsumexp renormalisation, [-70, 0] clamp, then truncation with a full sort; probabilities out. */
    public static double[] guidedTruncated(double[] condLog, double[] nullLog, double s, double r) {
        int k = condLog.length;
        double[] l = new double[k];
        for (int i = 0; i < k; i++) {
            l[i] = nullLog[i] + s * (condLog[i] - nullLog[i]);
        }
        double lse = logSumExp(l);
        for (int i = 0; i < k; i++) {
            l[i] = Math.min(0, Math.max(-70, l[i] - lse));
        }
        if (r < 1) {
            Integer[] order = new Integer[k];
            for (int i = 0; i < k; i++) {
                order[i] = i;
            }
            final double[] lf = l;
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -lf[i]));
            boolean[] keep = new boolean[k];
            double above = 0;
            for (int rank = 0; rank < k; rank++) {
                keep[order[rank]] = rank == 0 || above < r;
                above += Math.exp(l[order[rank]]);
            }
            for (int i = 0; i < k; i++) {
                if (!keep[i]) {
                    l[i] = Math.log(1e-30);
                }
            }
            double lse2 = logSumExp(l);
            for (int i = 0; i < k; i++) {
                l[i] -= lse2;
            }
        }
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            p[i] = Math.exp(l[i]);
        }
        return p;
    }

    static double logSumExp(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        double s = 0;
        for (double x : v) {
            s += Math.exp(x - m);
        }
        return m + Math.log(s);
    }

    static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int m = 0; m < n; m++) {
                    s += a[i][m] * b[m][j];
                }
                c[i][j] = s;
            }
        }
        return c;
    }
}
