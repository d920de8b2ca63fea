package io.clipvq.engine.sampler;

/**
 * Truncation r (docs/method.md#truncation): rank the codes of a position by probability; a code is kept while the mass
 * ranked above it is below r (the top code always); the rest are set to 1e-30 (log 1e-30) and everything is
 * renormalised.
 *
 * <p>The kept set is the shortest top list whose mass reaches r, found by a mass-weighted quickselect (expected
 * O(K), no full sort). Holds scratch arrays for one K: one instance per sampling thread.
 */
public final class Truncation {
    static final double DROPPED = 1.0e-30;

    private final int numCodes;
    private final double[] vals;
    private final int[] idx;
    private final int[] keptStamp;
    private int stamp;

    public Truncation(int numCodes) {
        this.numCodes = numCodes;
        this.vals = new double[numCodes];
        this.idx = new int[numCodes];
        this.keptStamp = new int[numCodes];
    }

    /**
     * Truncates {@code prob} (K probabilities summing to 1) in place.
     *
     * @return the number of codes kept
     */
    public int apply(double[] prob, double r) {
        return apply(prob, -1, r);
    }

    /**
     * As {@link #apply(double[], double)}, with the index of the most probable code when the caller knows it
     * (-1 if not): when that code alone reaches r, which is common once the network is confident, the selection
     * is skipped.
     */
    public int apply(double[] prob, int top, double r) {
        if (!(r > 0.0)) {
            throw new IllegalArgumentException("truncation r must lie in (0, 1], got " + r);
        }
        if (r >= 1.0) {
            return numCodes;
        }
        int kept;
        if (top >= 0 && prob[top] >= r) {
            kept = 1;
            idx[0] = top;
        } else {
            kept = topCountReaching(prob, r);
        }
        if (kept == numCodes) {
            return kept;
        }
        if (++stamp == Integer.MAX_VALUE) {
            java.util.Arrays.fill(keptStamp, 0);
            stamp = 1;
        }
        for (int i = 0; i < kept; i++) {
            keptStamp[idx[i]] = stamp;
        }
        double keptMass = 0.0;
        for (int k = 0; k < numCodes; k++) {
            if (keptStamp[k] == stamp) {
                keptMass += prob[k];
            }
        }
        double inv = 1.0 / (keptMass + (numCodes - kept) * DROPPED);
        double dropped = DROPPED * inv;
        for (int k = 0; k < numCodes; k++) {
            prob[k] = keptStamp[k] == stamp ? prob[k] * inv : dropped;
        }
        return kept;
    }

    /** Smallest m >= 1 whose top-m mass reaches r (K if none); afterwards idx[0..m) holds those codes. */
    private int topCountReaching(double[] prob, double r) {
        for (int k = 0; k < numCodes; k++) {
            vals[k] = prob[k];
            idx[k] = k;
        }
        int lo = 0;
        int hi = numCodes;
        double acc = 0.0; // mass of [0, lo): the top lo codes, all kept, acc < r
        while (hi - lo > 1) {
            double pivot = medianOfThree(vals[lo], vals[(lo + hi) >>> 1], vals[hi - 1]);
            // three-way partition: [lo, gt) > pivot, [gt, lt) == pivot, [lt, hi) < pivot
            int gt = lo;
            int i = lo;
            int lt = hi;
            double greaterMass = 0.0;
            while (i < lt) {
                double v = vals[i];
                if (v > pivot) {
                    greaterMass += v;
                    swap(i++, gt++);
                } else if (v < pivot) {
                    swap(i, --lt);
                } else {
                    i++;
                }
            }
            if (acc + greaterMass >= r) {
                hi = gt;
                continue;
            }
            acc += greaterMass;
            for (int e = gt; e < lt; e++) {
                acc += pivot;
                if (acc >= r) {
                    return e + 1;
                }
            }
            lo = lt;
        }
        return hi;
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private void swap(int a, int b) {
        double v = vals[a];
        vals[a] = vals[b];
        vals[b] = v;
        int t = idx[a];
        idx[a] = idx[b];
        idx[b] = t;
    }
}
