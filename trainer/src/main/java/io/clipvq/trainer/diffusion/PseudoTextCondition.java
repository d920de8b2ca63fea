package io.clipvq.trainer.diffusion;

import io.clipvq.engine.sampler.PseudoTextNoise;

import java.util.SplittableRandom;

/**
 * LAFITE's pseudo text embedding (docs/method.md#pseudo-text-embedding): h = e + alpha * eps / ||eps|| with e the
 * normalised CLIP image embedding and eps ~ N(0, I), then h' = h / ||h||. The angle between e and h' is at most
 * arcsin(alpha), which is what lets a generator trained on image embeddings accept text embeddings.
 */
public final class PseudoTextCondition {
    public static final double DEFAULT_ALPHA = 0.25;

    private PseudoTextCondition() {
    }

    /** A perturbed copy of {@code imageEmbedding} ({@link PseudoTextNoise}, the formula the engine samples with). */
    public static float[] perturb(float[] imageEmbedding, double alpha, SplittableRandom random) {
        float[] out = imageEmbedding.clone();
        PseudoTextNoise.perturbInPlace(out, 0, out.length, alpha, random);
        return out;
    }
}
