package io.clipvq.trainer.worlds.shapes;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For a prompt asked on several lines, how the attributes it leaves open are spread over its images
 * (docs/method.md#diversity): per open attribute, the share of images the checker reads as each value, and the total
 * variation distance to the uniform spread the world draws its scenes from (half the sum of absolute differences;
 * images without an object count as a value outside the attribute's, so they add to the distance). 0 = exactly
 * uniform, 1 = all mass where uniform has none.
 *
 * @param prompt the prompt text
 * @param images its images
 * @param open   per attribute the prompt does not name, its spread
 */
public record OpenAttributeSpread(String prompt, int images, Map<Attribute, Spread> open) {

    /**
     * @param shares            share of images read as each value (values in enum order; absent values have 0)
     * @param noObject          share of images in which no object was found
     * @param totalVariation    distance to the uniform spread over the attribute's values
     */
    public record Spread(Map<String, Double> shares, double noObject, double totalVariation) {
    }

    /** The largest distance over the open attributes (0 when the prompt leaves none open). */
    public double worstTotalVariation() {
        return open.values().stream().mapToDouble(Spread::totalVariation).max().orElse(0);
    }

    /** The spread of every prompt text on two or more lines, in order of first appearance. */
    public static List<OpenAttributeSpread> ofRepeatedPrompts(List<ShapesMetrics.Evaluated> checked,
                                                              List<String> prompts) {
        Map<String, List<ShapesMetrics.Evaluated>> byPrompt = new LinkedHashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            byPrompt.computeIfAbsent(prompts.get(i), p -> new ArrayList<>()).add(checked.get(i));
        }
        List<OpenAttributeSpread> out = new ArrayList<>();
        byPrompt.forEach((prompt, images) -> {
            if (images.size() >= 2) {
                out.add(of(prompt, images));
            }
        });
        return out;
    }

    static OpenAttributeSpread of(String prompt, List<ShapesMetrics.Evaluated> images) {
        PromptAttributes named = images.get(0).prompt();
        Map<Attribute, Spread> open = new EnumMap<>(Attribute.class);
        for (Attribute attribute : Attribute.values()) {
            if (!named.names(attribute)) {
                open.put(attribute, spread(attribute, images));
            }
        }
        return new OpenAttributeSpread(prompt, images.size(), open);
    }

    private static Spread spread(Attribute attribute, List<ShapesMetrics.Evaluated> images) {
        AttributeValue[] values = valuesOf(attribute);
        Map<String, Double> shares = new LinkedHashMap<>();
        for (AttributeValue value : values) {
            shares.put(value.label(), 0.0);
        }
        int none = 0;
        for (ShapesMetrics.Evaluated image : images) {
            var read = image.checked().value(attribute);
            if (read.isPresent()) {
                shares.merge(read.get().label(), 1.0 / images.size(), Double::sum);
            } else {
                none++;
            }
        }
        double uniform = 1.0 / values.length;
        double noObject = (double) none / images.size();
        double distance = noObject;
        for (double share : shares.values()) {
            distance += Math.abs(share - uniform);
        }
        return new Spread(shares, noObject, distance / 2);
    }

    static AttributeValue[] valuesOf(Attribute attribute) {
        return switch (attribute) {
            case SHAPE -> ShapeKind.values();
            case COLOUR -> ObjectColour.values();
            case SIZE -> SizeClass.values();
            case POSITION -> Placement.values();
            case BACKGROUND -> Background.values();
        };
    }
}
