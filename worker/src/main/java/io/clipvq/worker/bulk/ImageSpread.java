package io.clipvq.worker.bulk;

import io.clipvq.engine.diversity.PromptDiversity;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The diversity of a bulk job's images beyond exact bytes (docs/method.md#diversity), measured as the eval measures
 * it ({@link PromptDiversity}): fed the images of one prompt after another, each prompt's in image order, it counts
 * the near-distinct images and averages each prompt's mean pairwise CLIP distance. A prompt's images past
 * {@code maxImagesPerPrompt} are left out, since the pairs grow with the square of the count; images without an
 * embedding (recorded before embeddings were kept) are left out too.
 */
public final class ImageSpread {
    /** The most images of one prompt the job manifest's measures compare (about 500,000 pairs). */
    static final int JOB_MAX_IMAGES_PER_PROMPT = 1000;

    private final int maxImagesPerPrompt;
    private final List<PromptDiversity.Image> current = new ArrayList<>();
    private int currentPrompt = -1;
    private long images;
    private long nearDistinct;
    private int promptsWithPairs;
    private double distanceSum;

    ImageSpread(int maxImagesPerPrompt) {
        this.maxImagesPerPrompt = maxImagesPerPrompt;
    }

    /** The next image: prompts in any order, but all of one prompt's images together and in image order. */
    void add(int promptIndex, String sha256, byte[] embedding) {
        if (promptIndex != currentPrompt) {
            flush();
            currentPrompt = promptIndex;
        }
        if (embedding != null && current.size() < maxImagesPerPrompt) {
            current.add(new PromptDiversity.Image(sha256, floats(embedding)));
        }
    }

    /** The measures over everything added. */
    Result result() {
        flush();
        return new Result(images, nearDistinct, promptsWithPairs == 0 ? null : distanceSum / promptsWithPairs);
    }

    private void flush() {
        if (current.isEmpty()) {
            return;
        }
        PromptDiversity d = PromptDiversity.of(Integer.toString(currentPrompt), current);
        images += d.images();
        nearDistinct += d.nearDistinct();
        if (d.images() >= 2) {
            promptsWithPairs++;
            distanceSum += d.meanPairwiseDistance();
        }
        current.clear();
    }

    /**
     * @param imagesMeasured       images compared
     * @param nearDistinct         of those, images not within the near-distinct cosine of an earlier one of their prompt
     * @param meanPairwiseDistance mean over prompts with two or more images of their mean 1 - cosine; null when none
     */
    public record Result(long imagesMeasured, long nearDistinct, Double meanPairwiseDistance) {
    }

    /** An embedding as bulk_images.clip_embedding stores it: little-endian float32. */
    static byte[] bytes(float[] embedding) {
        ByteBuffer buffer = ByteBuffer.allocate(embedding.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(embedding);
        return buffer.array();
    }

    static float[] floats(byte[] bytes) {
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
