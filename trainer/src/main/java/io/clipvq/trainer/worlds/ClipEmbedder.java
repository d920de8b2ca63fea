package io.clipvq.trainer.worlds;

import java.util.List;

/** Unit-length CLIP embeddings of texts and of images, by whichever implementation (DJL or ONNX Runtime). */
public interface ClipEmbedder {

    /** One unit row per text. */
    float[][] embedTexts(List<String> texts) throws Exception;

    /** One unit row per image (planar RGB [3, S, S] in [0, 1], any square side), preprocessed as in training. */
    float[][] embedImages(List<float[]> chwImages) throws Exception;
}
