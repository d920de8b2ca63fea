package io.clipvq.trainer.diffusion;

import io.clipvq.trainer.data.EpochOrder;

import java.util.List;

/**
 * Training items of the diffusion decoder: the VQ codes of each image and its CLIP image embedding (never a
 * caption). Batches are a pure function of the step number: epoch e visits the items in a permutation seeded
 * by (seed, e), so a resumed run sees exactly the batches an uninterrupted one would.
 */
public final class CodeDataset {
    private final List<long[]> codes;
    private final List<float[]> embeddings;
    private final int sequenceLength;
    private final int embeddingDim;
    private EpochOrder order;

    public CodeDataset(List<long[]> codes, List<float[]> embeddings) {
        if (codes.isEmpty() || codes.size() != embeddings.size()) {
            throw new IllegalArgumentException("dataset needs as many embeddings as code grids and at least one item, got "
                    + codes.size() + " code grids and " + embeddings.size() + " embeddings");
        }
        this.codes = List.copyOf(codes);
        this.embeddings = List.copyOf(embeddings);
        this.sequenceLength = codes.get(0).length;
        this.embeddingDim = embeddings.get(0).length;
        for (int i = 0; i < codes.size(); i++) {
            if (codes.get(i).length != sequenceLength || embeddings.get(i).length != embeddingDim) {
                throw new IllegalArgumentException("item " + i + " has " + codes.get(i).length + " codes and a "
                        + embeddings.get(i).length + "-d embedding, expected " + sequenceLength + " and " + embeddingDim);
            }
        }
    }

    public int size() {
        return codes.size();
    }

    public int sequenceLength() {
        return sequenceLength;
    }

    public int embeddingDim() {
        return embeddingDim;
    }

    public long[] codes(int item) {
        return codes.get(item).clone();
    }

    public float[] embedding(int item) {
        return embeddings.get(item).clone();
    }

    /** The item indices of batch {@code step}. */
    public int[] batchIndices(long step, int batchSize, long seed) {
        int[] out = new int[batchSize];
        for (int b = 0; b < batchSize; b++) {
            long global = step * batchSize + b;
            out[b] = order().itemAt(global, seed);
        }
        return out;
    }

    private EpochOrder order() {
        if (order == null) {
            order = new EpochOrder(size());
        }
        return order;
    }
}
