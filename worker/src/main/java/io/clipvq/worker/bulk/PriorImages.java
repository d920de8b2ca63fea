package io.clipvq.worker.bulk;

import io.clipvq.engine.rerank.KeptImages;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The images a shard's prompts have kept so far, one {@link KeptImages} per prompt, fed in image order: the images
 * recorded before this run are handed over when the runner reaches their index ({@link #catchUpTo}), the new ones
 * are added by the engine as it keeps them. So every image is chosen against exactly the earlier images of its
 * prompt in the shard, whether they were made in this run or an earlier one.
 */
final class PriorImages {

    /** One image recorded before this run. {@code embedding} is null when the near-duplicate test is off. */
    record Recorded(long imageIndex, int promptIndex, String sha256, float[] embedding) {
    }

    private final List<Recorded> recorded;
    private final Map<Integer, KeptImages> byPrompt = new HashMap<>();
    private int next;

    /** @param recorded the shard's recorded images in ascending image order */
    PriorImages(List<Recorded> recorded) {
        for (int i = 1; i < recorded.size(); i++) {
            if (recorded.get(i).imageIndex() <= recorded.get(i - 1).imageIndex()) {
                throw new IllegalArgumentException("recorded images must come in ascending image order");
            }
        }
        this.recorded = List.copyOf(recorded);
    }

    /** Hands over every recorded image with an index below {@code imageIndex} not handed over yet. */
    void catchUpTo(long imageIndex) {
        while (next < recorded.size() && recorded.get(next).imageIndex() < imageIndex) {
            Recorded image = recorded.get(next++);
            of(image.promptIndex()).add(image.sha256(), image.embedding());
        }
    }

    KeptImages of(int promptIndex) {
        return byPrompt.computeIfAbsent(promptIndex, p -> new KeptImages());
    }
}
