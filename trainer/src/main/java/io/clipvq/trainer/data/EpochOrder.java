package io.clipvq.trainer.data;

import io.clipvq.contracts.Seeds;

import java.util.SplittableRandom;

/**
 * The order in which a training run visits its items: a fresh seeded permutation every epoch. Position g of the
 * endless sequence (epoch 0, epoch 1, ...) depends only on the seed and g, so a run resumed at any step sees
 * exactly the batches an uninterrupted run would have seen.
 */
public final class EpochOrder {
    private final int size;
    // batches walk through one epoch at a time, so keeping the last permutation avoids reshuffling every batch
    private int[] cachedPermutation;
    private long cachedEpoch;
    private long cachedSeed;

    public EpochOrder(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("an epoch needs at least one item, got " + size);
        }
        this.size = size;
    }

    /** The item at position {@code globalIndex} of the sequence of epochs shuffled with {@code seed}. */
    public int itemAt(long globalIndex, long seed) {
        return permutation(globalIndex / size, seed)[(int) (globalIndex % size)];
    }

    private int[] permutation(long epoch, long seed) {
        if (cachedPermutation == null || cachedEpoch != epoch || cachedSeed != seed) {
            cachedPermutation = shuffled(size, Seeds.derive(seed, epoch));
            cachedEpoch = epoch;
            cachedSeed = seed;
        }
        return cachedPermutation;
    }

    /** 0..n-1 in the order of a Fisher-Yates shuffle driven by {@code seed}. */
    public static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
