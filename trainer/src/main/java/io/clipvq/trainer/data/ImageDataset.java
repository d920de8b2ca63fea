package io.clipvq.trainer.data;

import io.clipvq.contracts.Seeds;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Training images as CHW float arrays in [0, 1], all of one size. Batches are a pure function of the step
 * number (epoch e visits the images in a permutation seeded by (seed, e)), so resumed runs see the same batches.
 */
public final class ImageDataset {
    private final List<float[]> images;
    private final int size;
    private int[] cachedPermutation;
    private long cachedEpoch = -1;
    private long cachedSeed;

    public ImageDataset(List<float[]> images, int size) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("image dataset is empty");
        }
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).length != 3 * size * size) {
                throw new IllegalArgumentException("image " + i + " has " + images.get(i).length + " values, expected 3 x "
                        + size + " x " + size);
            }
        }
        this.images = List.copyOf(images);
        this.size = size;
    }

    public int count() {
        return images.size();
    }

    /** Width and height in pixels. */
    public int imageSize() {
        return size;
    }

    public float[] image(int index) {
        return images.get(index).clone();
    }

    /** The images of batch {@code step}, concatenated [B, 3, S, S]. */
    public float[] batch(long step, int batchSize, long seed) {
        int per = 3 * size * size;
        float[] out = new float[batchSize * per];
        for (int b = 0; b < batchSize; b++) {
            long global = step * batchSize + b;
            int index = permutation(global / count(), seed)[(int) (global % count())];
            System.arraycopy(images.get(index), 0, out, b * per, per);
        }
        return out;
    }

    private int[] permutation(long epoch, long seed) {
        if (cachedPermutation != null && cachedEpoch == epoch && cachedSeed == seed) {
            return cachedPermutation;
        }
        int[] p = new int[count()];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, epoch));
        for (int i = p.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        cachedPermutation = p;
        cachedEpoch = epoch;
        cachedSeed = seed;
        return p;
    }
}
