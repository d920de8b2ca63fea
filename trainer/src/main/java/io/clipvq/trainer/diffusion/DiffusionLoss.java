package io.clipvq.trainer.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.clipvq.engine.schedule.DiffusionSchedule;
import io.clipvq.trainer.nn.Tensors;

/**
 * The VQ-Diffusion training loss of docs/method.md#training-loss for a batch with one timestep per sample:
 * <ul>
 *   <li>VLB term L_t: sum over positions of KL(q(x_{t-1} | x_t, x_0) || p(x_{t-1} | x_t)), and at t = 1 the
 *       decoder term -log p(x_0 | x_1);</li>
 *   <li>auxiliary term: sum over positions of KL(onehot(x_0) || p~(x_0 | x_t)) = -log p~(x_0 | x_t), weighted by
 *       w (2 - t / T) with w = 5e-4 (t counted 1..T);</li>
 *   <li>computed without materialising the (K + 1)-state posteriors: q(x_t | x_0) and q(x_t | x_{t-1}) take at
 *       most two values per position, so the true posterior has four distinct values and the KL needs one pass
 *       over the K model probabilities (the uniform bbar share) plus a few gathered entries. Exact up to float
 *       rounding; it matters at the paper's K (a dense posterior is [B, K + 1, N] tensors, dozens of them).</li>
 *   <li>each sample's sum divided by its importance-sampling probability p_t, then averaged over the batch and
 *       divided by the number of positions N (VQ-Diffusion's normalisation).</li>
 * </ul>
 */
public final class DiffusionLoss {
    public static final double DEFAULT_AUX_WEIGHT = 5e-4;

    private final MaskAndReplacePosterior posterior;
    private final MaskAndReplacePosterior.LogTables tables;
    private final int numCodes;
    private final double auxWeight;

    public DiffusionLoss(DiffusionSchedule schedule, double auxWeight) {
        this.posterior = new MaskAndReplacePosterior(schedule);
        this.tables = posterior.logTables();
        this.numCodes = schedule.numCodes();
        this.auxWeight = auxWeight;
    }

    public DiffusionSchedule schedule() {
        return posterior.schedule();
    }

    /** The per-sample terms, each [B]: the VLB term L_t and the auxiliary term (both summed over positions). */
    public record Terms(NDArray vlb, NDArray aux) {
    }

    /**
     * @param logProbs the network's log p~(x_0 | x_t), [B, N, K] (codes last: the one pass over K then reads
     *                 contiguous memory and the network's output needs no transposed copy)
     * @param x0       the clean codes, int64 [B, N]
     * @param xt       the noised codes, int64 [B, N]
     * @param t        timesteps 1..T
     */
    public Terms terms(NDArray logProbs, NDArray x0, NDArray xt, int[] t) {
        PositionTerms c = PositionTerms.of(tables, numCodes, x0.toLongArray(), xt.toLongArray(), t);
        NDManager m = logProbs.getManager();
        int batch = t.length;
        int n = Math.toIntExact(x0.getShape().get(1));
        Shape perPosition = new Shape(batch, n);
        Shape broadcast = new Shape(batch, n, 1);
        NDArray lpA = logProbs.gather(Tensors.owned(m, c.x0, broadcast), 2).reshape(perPosition);
        NDArray lpI = logProbs.gather(Tensors.owned(m, c.xtCode, broadcast), 2).reshape(perPosition);

        // log W = log sum_k p(k) / q(x_t | x_0 = k) = -s + log((1 - p(x_t)) + p(x_t) e^-corr) for a normalised p.
        // Only its value is kept: it weighs the uniform (bbar) part of the posterior, whose gradient is negligible,
        // and 1 - p(x_t) would blow the gradient up where the network is sure of x_t.
        NDArray pI = lpI.exp().stopGradient();
        NDArray logTotalW = pI.neg().add(Tensors.scalar(pI, 1)).maximum(Tensors.scalar(pI, 0))
                .add(pI.mul(f(m, c.expNegCorr, perPosition))).maximum(Tensors.scalar(pI, 1e-30)).log()
                .sub(f(m, c.s, perPosition));
        NDArray uniform = logTotalW.add(f(m, c.logBbarPrev, perPosition));   // log(bbar_{t-1} W)
        NDArray codeOffset = f(m, c.logAbarPrev, perPosition).sub(f(m, c.s, perPosition));

        // the only pass over all K codes: sum_j log p(x_{t-1} = j | x_t) with the step of a code other than x_t.
        // Each term is logAddExp(lp_j + offset, uniform) + stepOther = uniform + stepOther + softplus(lp_j + offset
        // - uniform): one fused native op over [B, N, K] instead of the seven of a generic logAddExp (this pass is
        // most of a training step's time).
        NDArray stepOther = f(m, c.stepOther, perPosition);
        NDArray otherSum = Activation.softPlus(logProbs.add(codeOffset.sub(uniform).reshape(broadcast)))
                .add(uniform.add(stepOther).reshape(broadcast)).clip(DiffusionSchedule.LOG_CLAMP, 0.0).sum(new int[] {2});

        NDArray otherAtX0 = clip(logAddExp(lpA.add(codeOffset), uniform).add(stepOther));
        NDArray otherAtXt = clip(logAddExp(lpI.add(codeOffset), uniform).add(stepOther));
        NDArray stepSame = f(m, c.stepSame, perPosition);
        NDArray corrected = codeOffset.sub(f(m, c.corr, perPosition));
        NDArray sameAtX0 = clip(logAddExp(lpA.add(corrected), uniform).add(stepSame));
        NDArray sameAtXt = clip(logAddExp(lpI.add(corrected), uniform).add(stepSame));
        NDArray same = f(m, c.same, perPosition);
        NDArray other = f(m, c.other, perPosition);
        NDArray modelAtX0 = blend(same, sameAtX0, otherAtX0);
        NDArray modelMask = clip(logTotalW.add(f(m, c.stepMaskPlusLogGbarPrev, perPosition)));

        NDArray kl = f(m, c.trueX0, perPosition).mul(f(m, c.logTrueX0, perPosition).sub(modelAtX0))
                .add(other.mul(f(m, c.trueXt, perPosition)).mul(f(m, c.logTrueXt, perPosition).sub(sameAtXt)))
                .add(f(m, c.trueUniform, perPosition).mul(f(m, c.uniformCountTimesLog, perPosition)
                        .sub(otherSum.sub(otherAtX0).sub(other.mul(otherAtXt)))))
                .add(f(m, c.trueMask, perPosition).mul(f(m, c.logTrueMask, perPosition).sub(modelMask)));
        NDArray first = f(m, c.firstStep, perPosition);
        NDArray vlb = blend(first, modelAtX0.neg(), kl).sum(new int[] {1});
        NDArray aux = lpA.sum(new int[] {1}).neg();
        return new Terms(vlb, aux);
    }

    /**
     * The per-position numbers of the posterior that do not depend on the network: the schedule's logs at t and
     * t - 1 for a masked or an unmasked x_t, and the true posterior q(x_{t-1} | x_t, x_0) itself, which has only
     * four distinct values (at x_0, at x_t, at [MASK], and the uniform bbar share of every other code).
     */
    private static final class PositionTerms {
        final long[] x0;
        final long[] xtCode;
        final float[] s;
        final float[] corr;
        final float[] expNegCorr;
        final float[] stepOther;
        final float[] stepSame;
        final float[] stepMaskPlusLogGbarPrev;
        final float[] logAbarPrev;
        final float[] logBbarPrev;
        final float[] same;
        final float[] other;
        final float[] firstStep;
        final float[] trueX0;
        final float[] logTrueX0;
        final float[] trueXt;
        final float[] logTrueXt;
        final float[] trueUniform;
        final float[] uniformCountTimesLog;
        final float[] trueMask;
        final float[] logTrueMask;

        private PositionTerms(int size) {
            x0 = new long[size];
            xtCode = new long[size];
            s = new float[size];
            corr = new float[size];
            expNegCorr = new float[size];
            stepOther = new float[size];
            stepSame = new float[size];
            stepMaskPlusLogGbarPrev = new float[size];
            logAbarPrev = new float[size];
            logBbarPrev = new float[size];
            same = new float[size];
            other = new float[size];
            firstStep = new float[size];
            trueX0 = new float[size];
            logTrueX0 = new float[size];
            trueXt = new float[size];
            logTrueXt = new float[size];
            trueUniform = new float[size];
            uniformCountTimesLog = new float[size];
            trueMask = new float[size];
            logTrueMask = new float[size];
        }

        static PositionTerms of(MaskAndReplacePosterior.LogTables l, int numCodes, long[] x0, long[] xt, int[] t) {
            int n = x0.length / t.length;
            PositionTerms c = new PositionTerms(x0.length);
            for (int i = 0; i < x0.length; i++) {
                int step = t[i / n];
                int prev = step - 1;
                boolean masked = xt[i] == numCodes;
                boolean isSame = !masked && xt[i] == x0[i];
                c.x0[i] = x0[i];
                c.xtCode[i] = masked ? 0 : xt[i];
                // log q(x_t | x_0 = k) = s, plus corr when k = x_t
                c.s[i] = masked ? l.gbar()[step] : l.bbar()[step];
                c.corr[i] = masked ? 0f : l.abarPlusBbar()[step] - l.bbar()[step];
                c.expNegCorr[i] = (float) Math.exp(-c.corr[i]);
                // log q(x_t | x_{t-1} = j) for a code j other than x_t, for j = x_t, and (plus log gbar_{t-1}) for [MASK]
                c.stepOther[i] = masked ? l.gamma()[step] : l.beta()[step];
                c.stepSame[i] = masked ? l.gamma()[step] : l.alphaPlusBeta()[step];
                float stepMask = masked ? 0f : (float) DiffusionSchedule.LOG_ZERO;
                c.stepMaskPlusLogGbarPrev[i] = stepMask + l.gbar()[prev];
                c.logAbarPrev[i] = l.abar()[prev];
                c.logBbarPrev[i] = l.bbar()[prev];
                c.same[i] = isSame ? 1f : 0f;
                c.other[i] = !masked && !isSame ? 1f : 0f;
                c.firstStep[i] = step == 1 ? 1f : 0f;

                double logTotalW = -c.s[i] - (isSame ? c.corr[i] : 0f);
                double logX0 = clamp((isSame ? c.stepSame[i] : c.stepOther[i]) + logTotalW
                        + logAddExp(c.logAbarPrev[i], c.logBbarPrev[i]));
                double logXt = clamp(c.stepSame[i] + logTotalW + c.logBbarPrev[i]);
                double logUniform = clamp(c.stepOther[i] + logTotalW + c.logBbarPrev[i]);
                double logMask = clamp(stepMask + logTotalW + l.gbar()[prev]);
                int uniformCodes = numCodes - 1 - (c.other[i] > 0 ? 1 : 0);
                c.trueX0[i] = (float) Math.exp(logX0);
                c.logTrueX0[i] = (float) logX0;
                c.trueXt[i] = (float) Math.exp(logXt);
                c.logTrueXt[i] = (float) logXt;
                c.trueUniform[i] = (float) Math.exp(logUniform);
                c.uniformCountTimesLog[i] = (float) (uniformCodes * logUniform);
                c.trueMask[i] = (float) Math.exp(logMask);
                c.logTrueMask[i] = (float) logMask;
            }
            return c;
        }

        private static double clamp(double logP) {
            return Math.max(DiffusionSchedule.LOG_CLAMP, Math.min(0.0, logP));
        }

        private static double logAddExp(double a, double b) {
            double max = Math.max(a, b);
            return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
        }
    }

    private static NDArray f(NDManager m, float[] values, Shape shape) {
        return Tensors.owned(m, values, shape);
    }

    private static NDArray clip(NDArray logP) {
        return logP.clip(DiffusionSchedule.LOG_CLAMP, 0.0);
    }

    /** where(selector == 1, a, b) for a 0/1 selector, by arithmetic so gradients flow through a and b. */
    private static NDArray blend(NDArray selector, NDArray a, NDArray b) {
        return a.mul(selector).add(b.mul(selector.neg().add(Tensors.scalar(selector, 1))));
    }

    /** log(e^a + e^b) = max(a, b) + log(1 + e^-|a - b|), broadcasting. */
    private static NDArray logAddExp(NDArray a, NDArray b) {
        NDArray difference = a.sub(b);
        return a.maximum(b).add(difference.abs().neg().exp().add(Tensors.scalar(difference, 1)).log());
    }

    /** The scalar training loss from the terms, the timesteps and their sampling probabilities p_t. */
    public NDArray total(Terms terms, int[] t, double[] pt, int positions) {
        int steps = posterior.schedule().numSteps();
        float[] auxScale = new float[t.length];
        float[] invPt = new float[t.length];
        for (int b = 0; b < t.length; b++) {
            auxScale[b] = (float) (auxWeight * (2.0 - (double) t[b] / steps));
            invPt[b] = (float) (1.0 / pt[b]);
        }
        NDManager m = terms.vlb().getManager();
        NDArray perSample = terms.vlb().add(terms.aux().mul(Tensors.owned(m, auxScale, new Shape(t.length))))
                .mul(Tensors.owned(m, invPt, new Shape(t.length)));
        NDArray mean = perSample.mean();
        return mean.div(Tensors.scalar(mean, positions));
    }
}
