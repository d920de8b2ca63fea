package io.clipvq.engine.rerank;

/**
 * How the kept images of a prompt are chosen among its candidates (docs/method.md#best-of-n-clip-reranking).
 */
public enum RerankPolicy {
    /** The k candidates with the highest CLIP score, duplicates included (the paper's best-of-N). */
    BEST,
    /**
     * The highest-scoring candidates that duplicate no image already kept for the prompt: not byte-identical, and not
     * within the near-duplicate threshold (cosine of CLIP image embeddings) of one. When a round of candidates runs
     * out, the engine draws another round from the next candidate seeds.
     */
    DISTINCT;

    /** The JSON / command-line spelling, lower case. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values when {@code name} is none of them */
    public static RerankPolicy fromWireName(String name) {
        for (RerankPolicy policy : values()) {
            if (policy.wireName().equals(name)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("rerank policy \"" + name + "\" is not one of best, distinct");
    }
}
