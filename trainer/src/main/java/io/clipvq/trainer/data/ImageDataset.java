package io.clipvq.trainer.data;

import java.util.List;

/**
 * Training images as CHW float arrays in [0, 1], all of one size. Batches are a pure function of the step
 * number (epoch e visits the images in a permutation seeded by (seed, e)), so resumed runs see the same batches.
 */
public final class ImageDataset {
    private final List<float[]> images;
    private final int size;
    private EpochOrder order;

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
            int index = order().itemAt(global, seed);
            System.arraycopy(images.get(index), 0, out, b * per, per);
        }
        return out;
    }

    private EpochOrder order() {
        if (order == null) {
            order = new EpochOrder(count());
        }
        return order;
    }
}
