package io.clipvq.engine;

/**
 * One kept candidate of a prompt.
 *
 * @param candidateIndex index of the candidate among the N sampled for its prompt
 * @param seed           the candidate's own seed ({@code Seeds.derive(promptSeed, candidateIndex)})
 * @param clipScore      cosine between the image's CLIP image embedding and the prompt's text embedding
 * @param png            the encoded PNG bytes (deterministic for the same seed and settings)
 */
public record GeneratedImage(int candidateIndex, long seed, double clipScore, byte[] png, int width, int height) {
}
