package io.clipvq.trainer.tokenizer;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * How exactly a tokenizer reproduces images: encode, decode, and compare the 8-bit pixels (as the PNG encoder
 * rounds them).
 *
 * @param exactPixels fraction of pixels whose 8-bit RGB equals the original's
 * @param exactImages fraction of images reproduced bit for bit
 * @param codesUsed   distinct codes the encoder chose
 */
public record Reconstruction(int images, double exactPixels, double exactImages, int codesUsed) {
    private static final int BATCH = 64;

    public static Reconstruction measure(ImageTokenizer tokenizer, List<float[]> images) {
        int s = tokenizer.imageSize();
        int plane = s * s;
        int per = 3 * plane;
        BitSet used = new BitSet(tokenizer.codebookSize());
        long samePixels = 0;
        int sameImages = 0;
        for (int start = 0; start < images.size(); start += BATCH) {
            int batch = Math.min(BATCH, images.size() - start);
            float[] input = new float[batch * per];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(images.get(start + b), 0, input, b * per, per);
            }
            long[] codes = tokenizer.encode(input, batch);
            for (long c : codes) {
                used.set((int) c);
            }
            float[] output = tokenizer.decode(codes, batch);
            for (int b = 0; b < batch; b++) {
                int same = 0;
                for (int p = 0; p < plane; p++) {
                    boolean equal = true;
                    for (int c = 0; c < 3; c++) {
                        int at = b * per + c * plane + p;
                        equal &= level(input[at]) == level(output[at]);
                    }
                    same += equal ? 1 : 0;
                }
                samePixels += same;
                sameImages += same == plane ? 1 : 0;
            }
        }
        return new Reconstruction(images.size(), samePixels / ((double) images.size() * plane),
                sameImages / (double) images.size(), used.cardinality());
    }

    public String summary() {
        return String.format(Locale.ROOT, "%d images: exact pixels %.4f%%, exact images %.2f%%, codes used %d",
                images, 100 * exactPixels, 100 * exactImages, codesUsed);
    }

    private static int level(float v) {
        return (int) Math.floor(Math.max(0f, Math.min(1f, v)) * 255f + 0.5f);
    }
}
