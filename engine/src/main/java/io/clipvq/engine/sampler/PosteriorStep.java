package io.clipvq.engine.sampler;

import io.clipvq.engine.schedule.DiffusionSchedule;

/**
 * The reverse transition p(x_s | x_t) of one (possibly skipping) sampling step t -> s, s < t
 * (docs/method.md#posterior, docs/method.md#fast-sampling):
 *
 * <pre>
 *   p(x_s = j | x_t) = sum_k q(x_t | x_s = j) q(x_s = j | x_0 = k) p~(k | x_t) / q(x_t | x_0 = k)
 * </pre>
 *
 * <p>q(x_s | x_0) is the cumulative (abar_s, bbar_s, gbar_s) and q(x_t | x_s) is the exact jump
 * {@link DiffusionSchedule#jump(int, int)} built from the cumulative products; for s = t - 1 this is VQ-Diffusion's
 * q_posterior. A jump t -> t - d uses the posterior with the step index t - d (docs/method.md#fast-sampling): the
 * target of the posterior is s = t - d (prior q(x_s | x_0)), the network is evaluated at t, and alpha, beta, gamma
 * below are those of the jump (abar_t / abar_s, ...), which equal the per-step alpha_t, beta_t, gamma_t when d = 1.
 * Skipping this way is exact: with the true p(x_0 | x_t) it gives the true q(x_s | x_t), so the marginals q(x_s) are
 * preserved (PosteriorStepTest checks this). VQ-Diffusion's sample_fast instead reuses the one-step posterior at a
 * shifted index, which is an approximation.
 *
 * <p>The sum has a closed form per case, so no K x K work is needed:
 * <ul>
 *   <li>x_t = [MASK]: q(x_t | x_0 = k) = gbar_t for every k, so p(j) = gamma (abar_s p~_j + bbar_s) / gbar_t for
 *       codes and p([MASK]) = gbar_s / gbar_t.</li>
 *   <li>x_t = i: with w_k = p~_k / q(x_t = i | x_0 = k) (= p~_k / bbar_t, or p~_i / (abar_t + bbar_t)) and
 *       W = sum w_k: p(j) = (alpha [j = i] + beta) (abar_s w_j + bbar_s W); p([MASK]) = 0.</li>
 * </ul>
 * The terms are evaluated in double precision in linear space, which is the same quantity as the log-space
 * logsumexp form (log space is needed in float32, where these products underflow; in double they do not), and
 * the result is clamped to [e^-70, 1], i.e. log-probabilities clamped to [-70, 0] as VQ-Diffusion does.
 */
final class PosteriorStep {
    static final double MIN_PROBABILITY = Math.exp(DiffusionSchedule.LOG_CLAMP);

    private final int numCodes;
    private final int from;
    private final int to;
    // x_t = [MASK]
    private final double maskedCodeScale;
    private final double maskedCodeOffset;
    private final double maskedStay;
    // x_t = code
    private final double invBbarT;
    private final double invAbarPlusBbarT;
    private final double abarS;
    private final double bbarS;
    private final double betaJump;
    private final double alphaPlusBetaJump;

    /** The step from timestep {@code t} (where the network was evaluated) to {@code s < t}. */
    PosteriorStep(DiffusionSchedule schedule, int t, int s) {
        this.numCodes = schedule.numCodes();
        this.from = t;
        this.to = s;
        DiffusionSchedule.Transition atT = schedule.cumulative(t);
        DiffusionSchedule.Transition atS = schedule.cumulative(s);
        DiffusionSchedule.Transition jump = schedule.jump(s, t);
        this.maskedCodeScale = jump.gamma() * atS.alpha() / atT.gamma();
        this.maskedCodeOffset = jump.gamma() * atS.beta() / atT.gamma();
        this.maskedStay = atS.gamma() / atT.gamma();
        this.invBbarT = 1.0 / atT.beta();
        this.invAbarPlusBbarT = 1.0 / (atT.alpha() + atT.beta());
        this.abarS = atS.alpha();
        this.bbarS = atS.beta();
        this.betaJump = jump.beta();
        this.alphaPlusBetaJump = jump.alpha() + jump.beta();
    }

    int fromTimestep() {
        return from;
    }

    int toTimestep() {
        return to;
    }

    /**
     * Writes p(x_s | x_t = xt) over the K + 1 states into {@code out} (clamped probabilities, not renormalised
     * after clamping, like VQ-Diffusion) given p~(x_0 | x_t) in {@code prob}.
     *
     * @return the most probable state (a hint for the Gumbel-max draw)
     */
    int posterior(int xt, double[] prob, double[] out) {
        final int k = numCodes;
        int best;
        double bestP;
        if (xt == k) {
            best = k;
            bestP = clamp(maskedStay);
            out[k] = bestP;
            for (int j = 0; j < k; j++) {
                double p = clamp(maskedCodeScale * prob[j] + maskedCodeOffset);
                out[j] = p;
                if (p > bestP) {
                    bestP = p;
                    best = j;
                }
            }
            return best;
        }
        if (xt < 0 || xt > k) {
            throw new IllegalArgumentException("x_t must be a code 0.." + (k - 1) + " or [MASK]=" + k + ", got " + xt);
        }
        double wSelf = prob[xt] * invAbarPlusBbarT;
        double othersMass = 0.0; // summed directly: 1 - p~_xt would cancel when p~_xt is close to 1
        for (int j = 0; j < xt; j++) {
            othersMass += prob[j];
        }
        for (int j = xt + 1; j < k; j++) {
            othersMass += prob[j];
        }
        double w = othersMass * invBbarT + wSelf; // W = sum_k w_k
        double uniformPart = bbarS * w;
        double scaleOthers = betaJump * abarS * invBbarT;
        double offsetOthers = betaJump * uniformPart;
        double selfP = clamp(alphaPlusBetaJump * (abarS * wSelf + uniformPart));
        best = xt;
        bestP = selfP;
        for (int j = 0; j < k; j++) {
            if (j == xt) {
                out[j] = selfP;
                continue;
            }
            double p = clamp(scaleOthers * prob[j] + offsetOthers);
            out[j] = p;
            if (p > bestP) {
                bestP = p;
                best = j;
            }
        }
        out[k] = MIN_PROBABILITY;
        return best;
    }

    private static double clamp(double p) {
        return p < MIN_PROBABILITY ? MIN_PROBABILITY : (p > 1.0 ? 1.0 : p);
    }
}
