package io.clipvq.modelbuild.graphs;

/**
 * An architecture of the CLIP image tower (clip_image.onnx): the ViT of {@link ClipImageSpec} or the CNN of
 * {@link ClipConvImageSpec}. Both take CLIP-normalised pixels [B, 3, S, S] and return unnormalised embeddings
 * [B, D], with their weights under {@code visual.*}; {@link ClipImageGraph#build(ClipImageTowerSpec, java.util.Map)}
 * and the test-scope plain-Java {@code ClipReference.image(ClipImageTowerSpec, Map, float[], int)} pick the right
 * one.
 */
public sealed interface ClipImageTowerSpec permits ClipImageSpec, ClipConvImageSpec {

    /** S, the side of the square input. */
    int imageSize();

    /** D, the shared CLIP embedding size. */
    int embedDim();

    WeightLayout layout();
}
