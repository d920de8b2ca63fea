package io.clipvq.engine.schedule;

import io.clipvq.contracts.bundle.BundleManifest;

import java.util.Arrays;

/**
 * The mask-and-replace schedule of VQ-Diffusion (docs/method.md#mask-and-replace-schedule), defined once for the
 * sampler and the trainer.
 *
 * <p>States are the K codes {@code 0..K-1} and [MASK] = {@code K}. The cumulative quantities are linear in
 * {@code t = 1..T}: {@code abar_t} (still itself beyond the uniform part) from {@code abarStart} to {@code abarEnd},
 * {@code gbar_t} (masked) from {@code gbarStart} to {@code gbarEnd}, and {@code bbar_t = (1 - abar_t - gbar_t) / K}.
 * Index {@code t = 0} is the clean data: {@code abar_0 = 1, gbar_0 = 0, bbar_0 = 0}.
 *
 * <p>Because a product of mask-and-replace matrices is again mask-and-replace, the transition over several steps
 * {@code s -> t} ({@code s < t}) has the same form with {@code alpha_{t|s} = abar_t / abar_s},
 * {@code 1 - gamma_{t|s} = (1 - gbar_t) / (1 - gbar_s)} and {@code beta_{t|s} = (1 - alpha - gamma) / K};
 * with {@code s = t - 1} these are the per-step alpha_t, gamma_t, beta_t (docs/method.md#multi-step-jumps). Fast
 * sampling uses this exact jump (see {@link #jump(int, int)}).
 */
public final class DiffusionSchedule {

    /** Default endpoints, docs/method.md#mask-and-replace-schedule (VQ-Diffusion's alpha_schedule defaults). */
    public static final double DEFAULT_ABAR_START = 0.99999;
    public static final double DEFAULT_ABAR_END = 0.000009;
    public static final double DEFAULT_GBAR_START = 0.000009;
    public static final double DEFAULT_GBAR_END = 0.99999;
    public static final int DEFAULT_STEPS = 100;

    /** Log of a probability that is exactly zero (VQ-Diffusion's {@code log(1e-30)}). */
    public static final double LOG_ZERO = Math.log(1.0e-30);
    /** Lower clamp of log-probabilities (VQ-Diffusion clamps to [-70, 0]). */
    public static final double LOG_CLAMP = -70.0;

    private final int numCodes;
    private final int numSteps;
    private final double[] abar;
    private final double[] gbar;
    private final double[] bbar;

    private DiffusionSchedule(int numCodes, int numSteps, double[] abar, double[] gbar) {
        this.numCodes = numCodes;
        this.numSteps = numSteps;
        this.abar = abar;
        this.gbar = gbar;
        this.bbar = new double[numSteps + 1];
        for (int t = 0; t <= numSteps; t++) {
            bbar[t] = (1.0 - abar[t] - gbar[t]) / numCodes;
        }
    }

    /** The schedule with the default endpoints of docs/method.md#mask-and-replace-schedule. */
    public static DiffusionSchedule standard(int numCodes, int numSteps) {
        return linear(numCodes, numSteps, DEFAULT_ABAR_START, DEFAULT_ABAR_END, DEFAULT_GBAR_START, DEFAULT_GBAR_END);
    }

    /** The schedule a bundle was trained with: K and manifest.diffusion (T and the linear endpoints). */
    public static DiffusionSchedule of(BundleManifest manifest) {
        BundleManifest.Diffusion d = manifest.diffusion();
        if (d == null) {
            throw new IllegalArgumentException("manifest of " + manifest.name() + " has no diffusion section");
        }
        if (!BundleManifest.Diffusion.LINEAR.equals(d.schedule())) {
            throw new IllegalArgumentException("diffusion.schedule: '" + d.schedule() + "' is not supported (linear)");
        }
        return linear(manifest.codebookSize(), d.timesteps(), d.alphaBar1(), d.alphaBarT(), d.gammaBar1(),
                d.gammaBarT());
    }

    /**
     * A schedule linear in t = 1..T between the given endpoints (the bundle manifest carries them).
     *
     * @throws IllegalArgumentException naming the parameter when the endpoints do not give a valid schedule
     */
    public static DiffusionSchedule linear(int numCodes, int numSteps, double abarStart, double abarEnd,
                                           double gbarStart, double gbarEnd) {
        if (numCodes < 2) {
            throw new IllegalArgumentException("numCodes (K) must be at least 2, got " + numCodes);
        }
        if (numSteps < 1) {
            throw new IllegalArgumentException("numSteps (T) must be at least 1, got " + numSteps);
        }
        requireOpenUnit("abarStart", abarStart);
        requireOpenUnit("abarEnd", abarEnd);
        requireOpenUnit("gbarStart", gbarStart);
        requireOpenUnit("gbarEnd", gbarEnd);
        if (abarEnd > abarStart) {
            throw new IllegalArgumentException("abar must not increase: abarStart=" + abarStart + " abarEnd=" + abarEnd);
        }
        if (gbarEnd < gbarStart) {
            throw new IllegalArgumentException("gbar must not decrease: gbarStart=" + gbarStart + " gbarEnd=" + gbarEnd);
        }
        // Strictly below 1 so that bbar_t > 0 for every t >= 1: the posterior divides by q(x_t | x_0).
        if (abarStart + gbarStart >= 1.0 || abarEnd + gbarEnd >= 1.0) {
            throw new IllegalArgumentException("abar + gbar must stay below 1 (start " + (abarStart + gbarStart)
                    + ", end " + (abarEnd + gbarEnd) + ")");
        }
        double[] abar = new double[numSteps + 1];
        double[] gbar = new double[numSteps + 1];
        abar[0] = 1.0;
        gbar[0] = 0.0;
        for (int t = 1; t <= numSteps; t++) {
            // VQ-Diffusion: arange(0, T) / (T - 1) * (end - start) + start; with T = 1 only the start exists.
            double f = numSteps == 1 ? 0.0 : (double) (t - 1) / (numSteps - 1);
            abar[t] = abarStart + f * (abarEnd - abarStart);
            gbar[t] = gbarStart + f * (gbarEnd - gbarStart);
        }
        return new DiffusionSchedule(numCodes, numSteps, abar, gbar);
    }

    private static void requireOpenUnit(String name, double v) {
        if (!(v > 0.0 && v < 1.0)) {
            throw new IllegalArgumentException(name + " must lie in (0, 1), got " + v);
        }
    }

    /** K, the number of codes (the [MASK] token is index K). */
    public int numCodes() {
        return numCodes;
    }

    /** Index of the [MASK] token. */
    public int maskToken() {
        return numCodes;
    }

    /** T. */
    public int numSteps() {
        return numSteps;
    }

    public double abar(int t) {
        return abar[checkT(t)];
    }

    public double gbar(int t) {
        return gbar[checkT(t)];
    }

    public double bbar(int t) {
        return bbar[checkT(t)];
    }

    /** Per-step alpha_t = abar_t / abar_{t-1}, t = 1..T. */
    public double alpha(int t) {
        return jump(t - 1, t).alpha();
    }

    /** Per-step gamma_t with 1 - gamma_t = (1 - gbar_t) / (1 - gbar_{t-1}), t = 1..T. */
    public double gamma(int t) {
        return jump(t - 1, t).gamma();
    }

    /** Per-step beta_t = (1 - alpha_t - gamma_t) / K, t = 1..T. */
    public double beta(int t) {
        return jump(t - 1, t).beta();
    }

    /**
     * The exact transition q(x_t | x_s) for {@code 0 <= s < t <= T}, derived from the cumulative products.
     */
    public Transition jump(int s, int t) {
        checkT(s);
        checkT(t);
        if (s >= t) {
            throw new IllegalArgumentException("jump needs s < t, got s=" + s + " t=" + t);
        }
        double alpha = abar[t] / abar[s];
        double gamma = 1.0 - (1.0 - gbar[t]) / (1.0 - gbar[s]);
        double beta = (1.0 - alpha - gamma) / numCodes;
        return new Transition(alpha, beta, gamma);
    }

    /** The cumulative transition q(x_t | x_0) as a {@link Transition} (abar_t, bbar_t, gbar_t). */
    public Transition cumulative(int t) {
        checkT(t);
        return new Transition(abar[t], bbar[t], gbar[t]);
    }

    /** q(x_t = xt | x_0 = x0), x0 may be [MASK] (absorbing). */
    public double q(int t, int xt, int x0) {
        return cumulative(t).probability(xt, x0, numCodes);
    }

    /** q(x_t = xt | x_{t-1} = prev) for one step, t = 1..T. */
    public double qStep(int t, int xt, int prev) {
        return jump(t - 1, t).probability(xt, prev, numCodes);
    }

    /** log q(x_t | x_0 = x0) over all K + 1 states into {@code out} (zeros as {@link #LOG_ZERO}). */
    public void logQ(int t, int x0, double[] out) {
        Transition c = cumulative(t);
        for (int x = 0; x <= numCodes; x++) {
            out[x] = safeLog(c.probability(x, x0, numCodes));
        }
    }

    /** Log-space arrays over t = 0..T, as used by the trainer's loss. */
    public double[] logAbar() {
        return logOf(abar);
    }

    public double[] logGbar() {
        return logOf(gbar);
    }

    public double[] logOneMinusGbar() {
        double[] r = new double[numSteps + 1];
        for (int t = 0; t <= numSteps; t++) {
            r[t] = safeLog(1.0 - gbar[t]);
        }
        return r;
    }

    public double[] logBbar() {
        return logOf(bbar);
    }

    /** Per-step log arrays over t = 1..T (index 0 unused, {@link #LOG_ZERO}). */
    public double[] logAlpha() {
        double[] r = new double[numSteps + 1];
        r[0] = LOG_ZERO;
        for (int t = 1; t <= numSteps; t++) {
            r[t] = safeLog(alpha(t));
        }
        return r;
    }

    public double[] logGamma() {
        double[] r = new double[numSteps + 1];
        r[0] = LOG_ZERO;
        for (int t = 1; t <= numSteps; t++) {
            r[t] = safeLog(gamma(t));
        }
        return r;
    }

    public double[] logOneMinusGamma() {
        double[] r = new double[numSteps + 1];
        r[0] = LOG_ZERO;
        for (int t = 1; t <= numSteps; t++) {
            r[t] = safeLog(1.0 - gamma(t));
        }
        return r;
    }

    public double[] logBeta() {
        double[] r = new double[numSteps + 1];
        r[0] = LOG_ZERO;
        for (int t = 1; t <= numSteps; t++) {
            r[t] = safeLog(beta(t));
        }
        return r;
    }

    /**
     * Draws x_t from q(x_t | x_0) with one uniform {@code u} in [0, 1): [MASK] with gbar_t, a uniform code with
     * K * bbar_t, otherwise x_0 itself (the trainer's forward noising).
     */
    public int noise(int t, int x0, double u) {
        if (x0 == numCodes) {
            return numCodes;
        }
        double g = gbar[checkT(t)];
        if (u < g) {
            return numCodes;
        }
        double uniformMass = numCodes * bbar[t];
        if (u < g + uniformMass) {
            int code = (int) ((u - g) / uniformMass * numCodes);
            return Math.min(code, numCodes - 1);
        }
        return x0;
    }

    private static double[] logOf(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = safeLog(v[i]);
        }
        return r;
    }

    static double safeLog(double p) {
        return p <= 0.0 ? LOG_ZERO : Math.max(Math.log(p), LOG_ZERO);
    }

    private int checkT(int t) {
        if (t < 0 || t > numSteps) {
            throw new IllegalArgumentException("timestep must lie in 0.." + numSteps + ", got " + t);
        }
        return t;
    }

    @Override
    public String toString() {
        return "DiffusionSchedule[K=" + numCodes + ", T=" + numSteps + ", abar=" + abar[1] + ".." + abar[numSteps]
                + ", gbar=" + gbar[1] + ".." + gbar[numSteps] + "]";
    }

    /**
     * A mask-and-replace transition: a code stays itself with {@code alpha + beta}, becomes each other code with
     * {@code beta}, becomes [MASK] with {@code gamma}; [MASK] stays [MASK].
     */
    public record Transition(double alpha, double beta, double gamma) {

        /** Probability of {@code to} given {@code from}; states 0..K-1 are codes, K is [MASK]. */
        public double probability(int to, int from, int numCodes) {
            if (from == numCodes) {
                return to == numCodes ? 1.0 : 0.0;
            }
            if (to == numCodes) {
                return gamma;
            }
            return to == from ? alpha + beta : beta;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiffusionSchedule other && other.numCodes == numCodes
                && Arrays.equals(other.abar, abar) && Arrays.equals(other.gbar, gbar);
    }

    @Override
    public int hashCode() {
        return 31 * numCodes + Arrays.hashCode(abar) + 7 * Arrays.hashCode(gbar);
    }
}
