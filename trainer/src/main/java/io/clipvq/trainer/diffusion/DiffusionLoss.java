package io.clipvq.trainer.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.clipvq.engine.schedule.DiffusionSchedule;

/**
 * The VQ-Diffusion training loss of method.md for a batch with one timestep per sample:
 * <ul>
 *   <li>VLB term L_t: sum over positions of KL(q(x_{t-1} | x_t, x_0) || p(x_{t-1} | x_t)), and at t = 1 the
 *       decoder term -log p(x_0 | x_1);</li>
 *   <li>auxiliary term: sum over positions of KL(onehot(x_0) || p~(x_0 | x_t)) = -log p~(x_0 | x_t), weighted by
 *       w (2 - t / T) with w = 5e-4 (t counted 1..T);</li>
 *   <li>each sample's sum divided by its importance-sampling probability p_t, then averaged over the batch and
 *       divided by the number of positions N (VQ-Diffusion's normalisation).</li>
 * </ul>
 */
public final class DiffusionLoss {
    public static final double DEFAULT_AUX_WEIGHT = 5e-4;

    private final MaskAndReplacePosterior posterior;
    private final double auxWeight;

    public DiffusionLoss(DiffusionSchedule schedule, double auxWeight) {
        this.posterior = new MaskAndReplacePosterior(schedule);
        this.auxWeight = auxWeight;
    }

    public DiffusionSchedule schedule() {
        return posterior.schedule();
    }

    /** The per-sample terms, each [B]: the VLB term L_t and the auxiliary term (both summed over positions). */
    public record Terms(NDArray vlb, NDArray aux) {
    }

    /**
     * @param logProbs the network's log p~(x_0 | x_t), [B, K, N]
     * @param x0       the clean codes, int64 [B, N]
     * @param xt       the noised codes, int64 [B, N]
     * @param t        timesteps 1..T
     */
    public Terms terms(NDArray logProbs, NDArray x0, NDArray xt, int[] t) {
        int numCodes = posterior.schedule().numCodes();
        NDManager m = logProbs.getManager();
        NDArray oneHot = x0.oneHot(numCodes, DataType.FLOAT32).transpose(0, 2, 1);   // [B, K, N]
        NDArray logOneHot = oneHot.neg().add(1f).mul((float) DiffusionSchedule.LOG_ZERO);
        NDArray logModel = posterior.logPosterior(logProbs, xt, t);
        NDArray logTrue = posterior.logPosterior(logOneHot, xt, t);
        NDArray kl = logTrue.exp().mul(logTrue.sub(logModel)).sum(new int[] {1, 2});
        NDArray oneHotWithMask = x0.oneHot(numCodes + 1, DataType.FLOAT32).transpose(0, 2, 1);
        NDArray decoderNll = logModel.mul(oneHotWithMask).sum(new int[] {1, 2}).neg();
        float[] atFirstStep = new float[t.length];
        for (int b = 0; b < t.length; b++) {
            atFirstStep[b] = t[b] == 1 ? 1f : 0f;
        }
        NDArray first = m.create(atFirstStep, new Shape(t.length));
        NDArray vlb = decoderNll.mul(first).add(kl.mul(first.neg().add(1f)));
        NDArray aux = logProbs.mul(oneHot).sum(new int[] {1, 2}).neg();
        return new Terms(vlb, aux);
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
        NDArray perSample = terms.vlb().add(terms.aux().mul(m.create(auxScale))).mul(m.create(invPt));
        return perSample.mean().div((float) positions);
    }
}
