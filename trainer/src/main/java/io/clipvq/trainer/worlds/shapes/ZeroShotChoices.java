package io.clipvq.trainer.worlds.shapes;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Zero-shot attribute test of the world's CLIP (issue 5): for a scene and one attribute, full captions that differ
 * only in that attribute, one per value (the scene's own value is the right one). Every other attribute keeps one
 * word for all alternatives, so only the varied attribute tells them apart.
 */
public final class ZeroShotChoices {

    /** The alternatives, and the index of the caption that describes the scene. */
    public record Choice(Attribute attribute, List<String> captions, int correctIndex) {
    }

    private ZeroShotChoices() {
    }

    public static Choice of(ShapeScene scene, Attribute attribute, SplittableRandom random) {
        Map<Attribute, String> words = new EnumMap<>(Attribute.class);
        for (Attribute named : Attribute.values()) {
            words.put(named, CaptionWriter.pick(scene.value(named).words(), random));
        }
        List<String> captions = new ArrayList<>();
        int correct = -1;
        for (AttributeValue value : valuesOf(attribute)) {
            words.put(attribute, CaptionWriter.pick(value.words(), random));
            if (value.equals(scene.value(attribute))) {
                correct = captions.size();
            }
            captions.add(CaptionWriter.compose(words, ShapeKind.UNNAMED_WORDS.get(0)));
        }
        return new Choice(attribute, List.copyOf(captions), correct);
    }

    static List<AttributeValue> valuesOf(Attribute attribute) {
        AttributeValue[] values = switch (attribute) {
            case SHAPE -> ShapeKind.values();
            case COLOUR -> ObjectColour.values();
            case SIZE -> SizeClass.values();
            case POSITION -> Placement.values();
            case BACKGROUND -> Background.values();
        };
        return List.of(values);
    }
}
