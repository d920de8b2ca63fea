package io.clipvq.trainer.clip;

import ai.djl.ndarray.NDArray;
import io.clipvq.trainer.nn.Tensors;

/**
 * CLIP's symmetric InfoNCE: with unit rows i (images) and t (texts) and logits = exp(s) * i t^T, the mean of the
 * cross-entropy of each image against all texts and of each text against all images, pair k matching pair k. The
 * learned log scale s is clamped to at most log(100), as CLIP does.
 */
public final class ContrastiveLoss {
    public static final float MAX_LOGIT_SCALE = (float) Math.log(100);

    private ContrastiveLoss() {
    }

    /**
     * @param imageEmbeds [B, D], not normalised
     * @param textEmbeds  [B, D], not normalised
     * @param logitScale  [1], the log of the inverse temperature
     * @return the scalar loss
     */
    public static NDArray loss(NDArray imageEmbeds, NDArray textEmbeds, NDArray logitScale) {
        long batch = imageEmbeds.getShape().get(0);
        if (batch != textEmbeds.getShape().get(0)) {
            throw new IllegalArgumentException("contrastive loss needs as many texts as images, got "
                    + textEmbeds.getShape() + " and " + imageEmbeds.getShape());
        }
        NDArray logits = unit(imageEmbeds).matMul(unit(textEmbeds).transpose()).mul(logitScale.minimum(Tensors.scalar(logitScale, MAX_LOGIT_SCALE)).exp());
        NDArray diagonal = imageEmbeds.getManager().eye(Math.toIntExact(batch));
        NDArray imageToText = logits.logSoftmax(1).mul(diagonal).sum().neg();
        NDArray textToImage = logits.logSoftmax(0).mul(diagonal).sum().neg();
        return imageToText.add(textToImage).div(Tensors.scalar(imageToText, 2.0 * batch));
    }

    /** Rows scaled to unit length. */
    static NDArray unit(NDArray x) {
        return x.div(x.square().sum(new int[] {1}, true).sqrt());
    }
}
