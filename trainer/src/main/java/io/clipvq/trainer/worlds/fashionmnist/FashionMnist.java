package io.clipvq.trainer.worlds.fashionmnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Fashion-MNIST files and the world's splits (docs/worlds.md): captioned = training images 0-29,999 with
 * labels, image-only = training images 30,000-59,999 without, test = the 10,000 test images. Images are placed on
 * the world's 32 x 32 canvas: the 28 x 28 image in the middle, a 2-pixel black border.
 */
public final class FashionMnist {
    /** Where Debian's dataset-fashion-mnist package installs the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String INSTALL_HINT = "install it with `apt-get install dataset-fashion-mnist`";
    public static final int CANVAS = 32;
    public static final int SOURCE_SIDE = 28;
    public static final int CAPTIONED_END = 30_000;
    public static final int TRAIN_COUNT = 60_000;

    private final byte[][] trainImages;
    private final int[] trainLabels;
    private final byte[][] testImages;
    private final int[] testLabels;

    private FashionMnist(byte[][] trainImages, int[] trainLabels, byte[][] testImages, int[] testLabels) {
        this.trainImages = trainImages;
        this.trainLabels = trainLabels;
        this.testImages = testImages;
        this.testLabels = testLabels;
    }

    /** Whether the four files are present under {@code dir}. */
    public static boolean isInstalled(Path dir) {
        return Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz")) && Files.isRegularFile(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    }

    public static FashionMnist load(Path dir) throws IOException {
        if (!isInstalled(dir)) {
            throw new IOException("Fashion-MNIST is not under " + dir + "; " + INSTALL_HINT);
        }
        IdxFile.Images train = IdxFile.readImages(dir.resolve("train-images-idx3-ubyte.gz"));
        IdxFile.Images test = IdxFile.readImages(dir.resolve("t10k-images-idx3-ubyte.gz"));
        int[] trainLabels = IdxFile.readLabels(dir.resolve("train-labels-idx1-ubyte.gz"));
        int[] testLabels = IdxFile.readLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        for (IdxFile.Images images : new IdxFile.Images[] {train, test}) {
            if (images.rows() != SOURCE_SIDE || images.cols() != SOURCE_SIDE) {
                throw new IOException("Fashion-MNIST images must be 28 x 28, found " + images.rows() + " x " + images.cols());
            }
        }
        if (train.count() != TRAIN_COUNT || trainLabels.length != TRAIN_COUNT || test.count() != testLabels.length) {
            throw new IOException("Fashion-MNIST counts do not match: " + train.count() + " training images, "
                    + trainLabels.length + " training labels, " + test.count() + " test images, " + testLabels.length + " test labels");
        }
        return new FashionMnist(train.pixels(), trainLabels, test.pixels(), testLabels);
    }

    /** One image with its label; {@code pixels} are the 28 x 28 source bytes. */
    public record LabelledImage(int index, byte[] pixels, FashionClass label) {
        /** The image on the 32 x 32 canvas as planar RGB [3, 32, 32] in [0, 1] (three equal channels). */
        public float[] canvasChw() {
            return FashionMnist.canvasChw(pixels);
        }
    }

    /** Training images 0-29,999 with their labels: the only data the CLIP sees. */
    public LabelledImage captioned(int i) {
        checkIndex(i, CAPTIONED_END, "captioned");
        return new LabelledImage(i, trainImages[i], FashionClass.ofLabel(trainLabels[i]));
    }

    public int captionedCount() {
        return CAPTIONED_END;
    }

    /** Training images 30,000-59,999 (i counts from 0 within the split); their labels are not exposed. */
    public byte[] imageOnly(int i) {
        checkIndex(i, TRAIN_COUNT - CAPTIONED_END, "image-only");
        return trainImages[CAPTIONED_END + i];
    }

    public int imageOnlyCount() {
        return TRAIN_COUNT - CAPTIONED_END;
    }

    /** Every training image with its label (both splits), for the evaluation classifier only. */
    public LabelledImage train(int i) {
        checkIndex(i, TRAIN_COUNT, "training");
        return new LabelledImage(i, trainImages[i], FashionClass.ofLabel(trainLabels[i]));
    }

    public LabelledImage test(int i) {
        checkIndex(i, testImages.length, "test");
        return new LabelledImage(i, testImages[i], FashionClass.ofLabel(testLabels[i]));
    }

    public int testCount() {
        return testImages.length;
    }

    /** Places a 28 x 28 source image on the 32 x 32 canvas and returns planar RGB [3, 32, 32] in [0, 1]. */
    public static float[] canvasChw(byte[] source) {
        int plane = CANVAS * CANVAS;
        float[] out = new float[3 * plane];
        int border = (CANVAS - SOURCE_SIDE) / 2;
        for (int y = 0; y < SOURCE_SIDE; y++) {
            for (int x = 0; x < SOURCE_SIDE; x++) {
                float v = (source[y * SOURCE_SIDE + x] & 0xFF) / 255f;
                int at = (y + border) * CANVAS + x + border;
                out[at] = v;
                out[plane + at] = v;
                out[2 * plane + at] = v;
            }
        }
        return out;
    }

    private static void checkIndex(int i, int size, String split) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("the " + split + " split has " + size + " images, asked for " + i);
        }
    }

    @Override
    public String toString() {
        return "FashionMnist[" + trainImages.length + " training, " + testImages.length + " test, labels "
                + Arrays.stream(trainLabels).distinct().count() + "]";
    }
}
