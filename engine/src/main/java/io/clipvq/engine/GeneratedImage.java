package io.clipvq.engine;

/**
 * One kept candidate of a prompt.
 *
 * @param candidateIndex index of the candidate among those sampled for its prompt (0..N-1 in the first round,
 *                       N..2N-1 in the second, ...)
 * @param seed           the candidate's own seed ({@code Seeds.derive(promptSeed, candidateIndex)})
 * @param clipScore      cosine between the image's CLIP image embedding and the prompt's text embedding
 * @param png            the encoded PNG bytes (deterministic for the same seed and settings)
 * @param sha256         hex sha256 of {@code png}
 * @param imageEmbedding the image's L2-normalised CLIP image embedding as the near-duplicate test compares it: from
 *                       its 8-bit pixels (equal to {@link TextToImageEngine#imageEmbedding} of {@code png}) when a
 *                       near-duplicate threshold was in force, else from the decoder's pixels (the one the score used)
 */
public record GeneratedImage(int candidateIndex, long seed, double clipScore, byte[] png, int width, int height,
                             String sha256, float[] imageEmbedding) {
}
