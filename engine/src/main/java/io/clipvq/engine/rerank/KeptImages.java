package io.clipvq.engine.rerank;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The images already kept for one prompt, which {@link RerankPolicy#DISTINCT} must not duplicate. The caller owns
 * it: one per prompt of a single job, or one per (prompt, shard) of a bulk job, preloaded with the images recorded
 * before a restart so that a re-run chooses exactly as the first run did. Not thread-safe.
 */
public final class KeptImages {
    private final Set<String> sha256s = new HashSet<>();
    private final List<float[]> embeddings = new ArrayList<>();

    /**
     * Adds a kept image.
     *
     * @param sha256    hex sha256 of its PNG bytes
     * @param embedding its L2-normalised CLIP image embedding, or null when unknown (then it counts for exact
     *                  duplicates only)
     */
    public void add(String sha256, float[] embedding) {
        sha256s.add(sha256);
        if (embedding != null) {
            embeddings.add(embedding.clone());
        }
    }

    public int size() {
        return sha256s.size();
    }

    boolean containsExact(String sha256) {
        return sha256s.contains(sha256);
    }

    /** The largest cosine between {@code embedding} and a kept image's embedding; -infinity when none is known. */
    double maxCosine(float[] embedding) {
        double best = Double.NEGATIVE_INFINITY;
        for (float[] kept : embeddings) {
            double dot = 0;
            for (int i = 0; i < kept.length; i++) {
                dot += (double) kept[i] * embedding[i];
            }
            best = Math.max(best, dot);
        }
        return best;
    }
}
