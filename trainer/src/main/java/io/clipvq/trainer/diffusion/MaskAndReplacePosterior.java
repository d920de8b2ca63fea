package io.clipvq.trainer.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.clipvq.engine.schedule.DiffusionSchedule;
import io.clipvq.trainer.nn.Tensors;

/**
 * log p(x_{t-1} | x_t) = log sum_k q(x_t | x_{t-1}) q(x_{t-1} | x_0 = k) p(x_0 = k) / q(x_t | x_0 = k) as a
 * differentiable tensor expression over the K + 1 states, for a batch with one t per sample. Given a one-hot
 * p(x_0) it is the true posterior q(x_{t-1} | x_t, x_0); given the network's p~(x_0 | x_t), the model's reverse
 * step. Every number comes from the engine's {@link DiffusionSchedule}.
 *
 * <p>The sum over k has a closed form because q(x_t | x_0 = k) takes only two values per position: with
 * w_k = p(k) / q(x_t | x_0 = k) and W = sum_k w_k, the inner sum is abar_{t-1} w_j + bbar_{t-1} W for a code j
 * and gbar_{t-1} W for [MASK]. Everything stays in log space (float32 would underflow) and the result is
 * clamped to [-70, 0] as in VQ-Diffusion.
 */
public final class MaskAndReplacePosterior {
    private final DiffusionSchedule schedule;
    private final int numCodes;
    private final float[] logAbar;
    private final float[] logBbar;
    private final float[] logGbar;
    private final float[] logAbarPlusBbar;
    private final float[] logAlphaPlusBeta;
    private final float[] logBeta;
    private final float[] logGamma;

    public MaskAndReplacePosterior(DiffusionSchedule schedule) {
        this.schedule = schedule;
        this.numCodes = schedule.numCodes();
        int steps = schedule.numSteps();
        logAbar = toFloat(schedule.logAbar());
        logBbar = toFloat(schedule.logBbar());
        logGbar = toFloat(schedule.logGbar());
        logAbarPlusBbar = new float[steps + 1];
        logAlphaPlusBeta = new float[steps + 1];
        logBeta = toFloat(schedule.logBeta());
        logGamma = toFloat(schedule.logGamma());
        for (int t = 0; t <= steps; t++) {
            logAbarPlusBbar[t] = (float) safeLog(schedule.abar(t) + schedule.bbar(t));
            logAlphaPlusBeta[t] = t == 0 ? (float) DiffusionSchedule.LOG_ZERO : (float) safeLog(schedule.alpha(t) + schedule.beta(t));
        }
    }

    public DiffusionSchedule schedule() {
        return schedule;
    }

    /** The log tables over t = 0..T that the posterior is made of, for {@link DiffusionLoss}'s sparse form. */
    record LogTables(float[] abar, float[] bbar, float[] gbar, float[] abarPlusBbar, float[] alphaPlusBeta, float[] beta,
                     float[] gamma) {
    }

    LogTables logTables() {
        return new LogTables(logAbar, logBbar, logGbar, logAbarPlusBbar, logAlphaPlusBeta, logBeta, logGamma);
    }

    /**
     * @param logX0 log p(x_0), float [B, K, N] (over the K codes; x_0 is never [MASK])
     * @param xt    x_t, int64 [B, N]
     * @param t     timesteps 1..T, one per sample
     * @return log p(x_{t-1} | x_t), float [B, K + 1, N], row K is [MASK]
     */
    public NDArray logPosterior(NDArray logX0, NDArray xt, int[] t) {
        NDManager m = logX0.getManager();
        int batch = t.length;
        int[] prev = new int[batch];
        for (int b = 0; b < batch; b++) {
            if (t[b] < 1 || t[b] > schedule.numSteps()) {
                throw new IllegalArgumentException("timestep must lie in 1.." + schedule.numSteps() + ", got " + t[b]);
            }
            prev[b] = t[b] - 1;
        }
        NDArray oneHot = xt.oneHot(numCodes + 1, DataType.FLOAT32).transpose(0, 2, 1); // [B, K+1, N]
        NDArray codeHot = oneHot.get(":, :" + numCodes + ", :");                         // [B, K, N]
        NDArray isMask = oneHot.get(":, " + numCodes + ":, :");                          // [B, 1, N]
        NDArray isCode = isMask.neg().add(Tensors.scalar(isMask, 1));

        // log q(x_t | x_0 = k) over the K codes
        NDArray logQCode = blend(codeHot, perSample(m, logAbarPlusBbar, t), perSample(m, logBbar, t));
        NDArray logQ = blend(isMask, perSample(m, logGbar, t), logQCode);
        NDArray logW = logX0.sub(logQ);
        NDArray logTotalW = logSumExp(logW, 1);
        NDArray codes = logAddExp(logW.add(perSample(m, logAbar, prev)), logTotalW.add(perSample(m, logBbar, prev)));
        NDArray mask = logTotalW.add(perSample(m, logGbar, prev));
        NDArray logInner = NDArrays.concat(new ai.djl.ndarray.NDList(codes, mask), 1);

        // log q(x_t | x_{t-1} = j): x_t a code i -> alpha + beta for j = i, beta for other codes, 0 for [MASK];
        // x_t = [MASK] -> gamma for every code, 1 for [MASK]
        float logZero = (float) DiffusionSchedule.LOG_ZERO;
        NDArray fromCodes = NDArrays.concat(new ai.djl.ndarray.NDList(
                blend(codeHot, perSample(m, logAlphaPlusBeta, t), perSample(m, logBeta, t)),
                m.full(new Shape(batch, 1, xt.getShape().get(1)), logZero)), 1);
        NDArray fromMask = NDArrays.concat(new ai.djl.ndarray.NDList(
                perSample(m, logGamma, t).broadcast(new Shape(batch, numCodes, 1)),
                m.zeros(new Shape(batch, 1, 1))), 1);
        NDArray logStep = fromCodes.mul(isCode).add(fromMask.mul(isMask));
        return logStep.add(logInner).clip(DiffusionSchedule.LOG_CLAMP, 0.0);
    }

    /** where(selector == 1, a, b) for a 0/1 selector, by arithmetic so gradients flow through a and b. */
    private static NDArray blend(NDArray selector, NDArray a, NDArray b) {
        return a.mul(selector).add(b.mul(selector.neg().add(Tensors.scalar(selector, 1))));
    }

    /** A per-sample scalar from a table over t as [B, 1, 1]. */
    private static NDArray perSample(NDManager m, float[] table, int[] t) {
        float[] values = new float[t.length];
        for (int b = 0; b < t.length; b++) {
            values[b] = table[t[b]];
        }
        return Tensors.owned(m, values, new Shape(t.length, 1, 1));
    }

    static NDArray logSumExp(NDArray x, int axis) {
        NDArray max = x.max(new int[] {axis}, true).stopGradient();
        return x.sub(max).exp().sum(new int[] {axis}, true).log().add(max);
    }

    static NDArray logAddExp(NDArray a, NDArray b) {
        NDArray max = a.maximum(b).stopGradient();
        return a.sub(max).exp().add(b.sub(max).exp()).log().add(max);
    }

    private static double safeLog(double p) {
        return p <= 0 ? DiffusionSchedule.LOG_ZERO : Math.max(Math.log(p), DiffusionSchedule.LOG_ZERO);
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
