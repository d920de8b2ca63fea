package io.clipvq.trainer.clip;

import io.clipvq.trainer.worlds.shapes.ShapeScene;

import java.util.List;

/** Unit-length CLIP embeddings of texts and of Shapes scenes, by whichever implementation (DJL or ONNX Runtime). */
public interface ClipEmbedder {

    /** One unit row per text. */
    float[][] embedTexts(List<String> texts) throws Exception;

    /** One unit row per scene, rendered and preprocessed as in training. */
    float[][] embedScenes(List<ShapeScene> scenes) throws Exception;
}
