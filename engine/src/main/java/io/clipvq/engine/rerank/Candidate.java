package io.clipvq.engine.rerank;

import io.clipvq.engine.image.Sha256Hex;

import java.util.function.Supplier;

/**
 * One sampled candidate of a prompt, as the reranker sees it. Its PNG is encoded, and hashed, only when first asked
 * for: the reranker asks for the candidates it keeps and, under {@link RerankPolicy#DISTINCT}, for those it compares
 * with the kept images, so the candidates ranked below the kept ones are never encoded.
 */
public final class Candidate {
    private final int index;
    private final double score;
    private final float[] embedding;
    private final Supplier<byte[]> encoder;
    private byte[] png;
    private String sha256;

    /**
     * @param index     the candidate's index c for its prompt (its seed is {@code Seeds.derive(promptSeed, c)})
     * @param score     cosine between its CLIP image embedding and the prompt's text embedding
     * @param embedding its L2-normalised CLIP image embedding, as the near-duplicate test compares it
     * @param encoder   gives its PNG bytes (deterministic for the same seed and settings); called at most once
     */
    public Candidate(int index, double score, float[] embedding, Supplier<byte[]> encoder) {
        this.index = index;
        this.score = score;
        this.embedding = embedding;
        this.encoder = encoder;
    }

    public int index() {
        return index;
    }

    public double score() {
        return score;
    }

    public float[] embedding() {
        return embedding;
    }

    public byte[] png() {
        if (png == null) {
            png = encoder.get();
        }
        return png;
    }

    /** Hex sha256 of {@link #png()}. */
    public String sha256() {
        if (sha256 == null) {
            sha256 = Sha256Hex.of(png());
        }
        return sha256;
    }
}
