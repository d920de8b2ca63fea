package io.clipvq.engine.diversity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How varied the images of one prompt are (docs/method.md#diversity): over the best image of every prompt line that
 * asks for the same text,
 * <ul>
 *   <li>distinct: the share of images whose PNG bytes no earlier image of the prompt has;</li>
 *   <li>near-distinct: the share of images whose CLIP image embedding has a cosine below {@link #NEAR_COSINE} with
 *   every earlier image of the prompt (earlier = lower line);</li>
 *   <li>mean pairwise CLIP distance: the mean of 1 - cosine over all pairs of its images (0 when all are alike).</li>
 * </ul>
 *
 * @param prompt              the prompt text
 * @param images              its images (lines)
 * @param distinct            images not byte-identical to an earlier one
 * @param nearDistinct        images not within {@link #NEAR_COSINE} of an earlier one
 * @param meanPairwiseDistance mean 1 - cosine over pairs
 */
public record PromptDiversity(String prompt, int images, int distinct, int nearDistinct,
                              double meanPairwiseDistance) {

    /** Cosine of CLIP image embeddings at or above which two images count as near duplicates in this measure. */
    public static final double NEAR_COSINE = io.clipvq.contracts.DiversityMeasures.NEAR_DISTINCT_COSINE;

    /** One image of a prompt: its PNG hash and its L2-normalised CLIP image embedding. */
    public record Image(String sha256, float[] embedding) {
    }

    public double distinctShare() {
        return (double) distinct / images;
    }

    public double nearDistinctShare() {
        return (double) nearDistinct / images;
    }

    /** The diversity of one prompt's images, in line order. */
    public static PromptDiversity of(String prompt, List<Image> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("prompt \"" + prompt + "\" has no images");
        }
        Set<String> seen = new HashSet<>();
        int distinct = 0;
        int nearDistinct = 0;
        double distanceSum = 0;
        long pairs = 0;
        for (int i = 0; i < images.size(); i++) {
            Image image = images.get(i);
            if (seen.add(image.sha256())) {
                distinct++;
            }
            double closest = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < i; j++) {
                double cosine = dot(image.embedding(), images.get(j).embedding());
                closest = Math.max(closest, cosine);
                distanceSum += 1 - cosine;
                pairs++;
            }
            if (closest < NEAR_COSINE) {
                nearDistinct++;
            }
        }
        return new PromptDiversity(prompt, images.size(), distinct, nearDistinct, pairs == 0 ? 0 : distanceSum / pairs);
    }

    /** The diversity of every prompt text asked for on two or more lines, in order of first appearance. */
    public static List<PromptDiversity> ofRepeatedPrompts(List<String> prompts, List<Image> bestImages) {
        if (prompts.size() != bestImages.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + bestImages.size() + " images");
        }
        Map<String, List<Image>> byPrompt = new LinkedHashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            byPrompt.computeIfAbsent(prompts.get(i), p -> new ArrayList<>()).add(bestImages.get(i));
        }
        List<PromptDiversity> out = new ArrayList<>();
        for (Map.Entry<String, List<Image>> group : byPrompt.entrySet()) {
            if (group.getValue().size() >= 2) {
                out.add(of(group.getKey(), group.getValue()));
            }
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
