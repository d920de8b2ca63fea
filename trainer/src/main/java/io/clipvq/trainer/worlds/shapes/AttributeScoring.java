package io.clipvq.trainer.worlds.shapes;

import io.clipvq.trainer.worlds.GeneratedImageCheck.KeptImage;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Attribute accuracy of generated images against their prompts, read from the PNG pixels alone by the Shapes
 * checker; each attribute is scored only where the prompt names it, split by seen and left-out compositions
 * ({@link Composition#DEFAULT_LEFT_OUT}).
 */
public final class AttributeScoring {

    private AttributeScoring() {
    }

    /**
     * What each prompt names, checked before any image is generated so that a prompt the checker cannot score
     * (one naming two colours, say) fails the run at once.
     */
    public static List<PromptAttributes> parsePrompts(List<String> prompts) {
        List<PromptAttributes> parsed = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            try {
                parsed.add(PromptAttributes.parse(prompts.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("prompt " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return parsed;
    }

    /** @param pngs the kept (best) image of each prompt, 32 x 32 */
    public static ShapesMetrics.AttributeAccuracy score(List<PromptAttributes> prompts, List<byte[]> pngs) {
        return ShapesMetrics.attributeAccuracy(check(prompts, pngs), Composition.DEFAULT_LEFT_OUT);
    }

    /** What the checker reads from each image, next to what its prompt names. */
    public static List<ShapesMetrics.Evaluated> check(List<PromptAttributes> prompts, List<byte[]> pngs) {
        if (prompts.size() != pngs.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + pngs.size() + " images");
        }
        AttributeChecker checker = AttributeChecker.builder().build();
        List<ShapesMetrics.Evaluated> evaluated = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            evaluated.add(new ShapesMetrics.Evaluated(prompts.get(i), checker.check(ShapesImage.fromPng(pngs.get(i)))));
        }
        return evaluated;
    }

    /** What the checker says of each candidate of one prompt, attribute by attribute, with its CLIP score. */
    public static List<RerankingQuality.Candidate> candidates(PromptAttributes prompt, List<KeptImage> images) {
        AttributeChecker checker = AttributeChecker.builder().build();
        List<RerankingQuality.Candidate> out = new ArrayList<>(images.size());
        for (KeptImage image : images) {
            CheckedAttributes checked = checker.check(ShapesImage.fromPng(image.png()));
            Map<Attribute, Boolean> correct = new EnumMap<>(Attribute.class);
            for (Attribute attribute : prompt.named().keySet()) {
                correct.put(attribute, checked.agreesWith(prompt, attribute));
            }
            out.add(new RerankingQuality.Candidate(image.clipScore(), correct));
        }
        return out;
    }
}
