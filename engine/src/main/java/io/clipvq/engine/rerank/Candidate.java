package io.clipvq.engine.rerank;

import io.clipvq.engine.image.Sha256Hex;

import java.util.function.Supplier;

/**
 * One sampled candidate of a prompt, as the reranker sees it. Its PNG (and hash) and its embedding for the
 * near-duplicate test are made only when first asked for: the reranker asks for those of the candidates it keeps
 * and, under {@link RerankPolicy#DISTINCT}, of those it compares with the kept images, so the candidates ranked below
 * the kept ones are never encoded or embedded again.
 */
public final class Candidate {
    private final int index;
    private final double score;
    private final Supplier<float[]> embedder;
    private final Supplier<byte[]> encoder;
    private float[] embedding;
    private byte[] png;
    private String sha256;

    /**
     * @param index     the candidate's index c for its prompt (its seed is {@code Seeds.derive(promptSeed, c)})
     * @param score     cosine between its CLIP image embedding and the prompt's text embedding
     * @param embedder  gives its L2-normalised CLIP image embedding, as the near-duplicate test compares it; called
     *                  at most once
     * @param encoder   gives its PNG bytes (deterministic for the same seed and settings); called at most once
     */
    public Candidate(int index, double score, Supplier<float[]> embedder, Supplier<byte[]> encoder) {
        this.index = index;
        this.score = score;
        this.embedder = embedder;
        this.encoder = encoder;
    }

    /** A candidate whose embedding is known already. */
    public Candidate(int index, double score, float[] embedding, Supplier<byte[]> encoder) {
        this(index, score, () -> embedding, encoder);
    }

    public int index() {
        return index;
    }

    public double score() {
        return score;
    }

    public float[] embedding() {
        if (embedding == null) {
            embedding = embedder.get();
        }
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
