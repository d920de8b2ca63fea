package io.clipvq.engine.rerank;

/**
 * One sampled candidate of a prompt, as the reranker sees it.
 *
 * @param index     the candidate's index c for its prompt (its seed is {@code Seeds.derive(promptSeed, c)})
 * @param score     cosine between its CLIP image embedding and the prompt's text embedding
 * @param embedding its L2-normalised CLIP image embedding
 * @param png       its PNG bytes (deterministic for the same seed and settings)
 * @param sha256    hex sha256 of {@code png}
 */
public record Candidate(int index, double score, float[] embedding, byte[] png, String sha256) {
}
