package io.clipvq.trainer.worlds.shapes;

import io.clipvq.contracts.Seeds;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Held-out prompts for evaluation: the same vocabulary as the training captions, worded in sentence forms that
 * {@link CaptionWriter} never writes (a leading phrase such as "a picture of" or "draw", or the background or
 * position moved to the front), so that the eval measures prompts outside the caption distribution.
 */
public final class PromptVariants {

    /** A prompt and what it names. */
    public record Prompt(String text, PromptAttributes attributes) {
    }

    private enum Form {
        PICTURE_OF, DRAW, IMAGE_SHOWING, BACKGROUND_FIRST, POSITION_FIRST
    }

    private PromptVariants() {
    }

    /** A prompt naming exactly {@code named}, in a random held-out form with random caption words. */
    public static String word(PromptAttributes named, SplittableRandom random) {
        if (named.named().isEmpty()) {
            throw new IllegalArgumentException("a prompt names at least one attribute");
        }
        Map<Attribute, String> words = new EnumMap<>(Attribute.class);
        named.named().forEach((attribute, value) -> words.put(attribute, CaptionWriter.pick(value.words(), random)));
        String unnamedShapeWord = CaptionWriter.pick(ShapeKind.UNNAMED_WORDS, random);
        List<Form> forms = new ArrayList<>(List.of(Form.PICTURE_OF, Form.DRAW, Form.IMAGE_SHOWING));
        if (words.containsKey(Attribute.BACKGROUND)) {
            forms.add(Form.BACKGROUND_FIRST);
        }
        if (words.containsKey(Attribute.POSITION)) {
            forms.add(Form.POSITION_FIRST);
        }
        return compose(forms.get(random.nextInt(forms.size())), words, unnamedShapeWord);
    }

    /**
     * A deterministic eval prompt set: {@code perComposition} prompts for each of the 24 colour-shape pairs (so the
     * left-out compositions are covered as often as the seen ones), each also naming every other attribute with
     * probability one half, with values drawn at random.
     */
    public static List<Prompt> promptSet(int perComposition, long seed) {
        if (perComposition <= 0) {
            throw new IllegalArgumentException("perComposition must be positive, got " + perComposition);
        }
        List<Prompt> prompts = new ArrayList<>();
        long index = 0;
        for (ShapeKind shape : ShapeKind.values()) {
            for (ObjectColour colour : ObjectColour.values()) {
                for (int i = 0; i < perComposition; i++) {
                    SplittableRandom random = new SplittableRandom(Seeds.derive(seed, index++));
                    Map<Attribute, AttributeValue> named = new EnumMap<>(Attribute.class);
                    named.put(Attribute.SHAPE, shape);
                    named.put(Attribute.COLOUR, colour);
                    maybeName(named, SizeClass.values(), random);
                    maybeName(named, Placement.values(), random);
                    maybeName(named, Background.values(), random);
                    PromptAttributes attributes = new PromptAttributes(named);
                    prompts.add(new Prompt(word(attributes, random), attributes));
                }
            }
        }
        return List.copyOf(prompts);
    }

    private static void maybeName(Map<Attribute, AttributeValue> named, AttributeValue[] values, SplittableRandom random) {
        if (random.nextBoolean()) {
            AttributeValue value = values[random.nextInt(values.length)];
            named.put(value.attribute(), value);
        }
    }

    private static String compose(Form form, Map<Attribute, String> words, String unnamedShapeWord) {
        Map<Attribute, String> object = new EnumMap<>(words);
        return switch (form) {
            case PICTURE_OF -> "a picture of " + CaptionWriter.compose(object, unnamedShapeWord);
            case DRAW -> "draw " + CaptionWriter.compose(object, unnamedShapeWord);
            case IMAGE_SHOWING -> "an image showing " + CaptionWriter.compose(object, unnamedShapeWord);
            case BACKGROUND_FIRST -> {
                String background = object.remove(Attribute.BACKGROUND);
                yield background + ", " + composeOrUnnamed(object, unnamedShapeWord);
            }
            case POSITION_FIRST -> {
                String position = object.remove(Attribute.POSITION);
                yield position + ", " + composeOrUnnamed(object, unnamedShapeWord);
            }
        };
    }

    /** A noun phrase even when nothing is left to name ("on the left, a shape"). */
    private static String composeOrUnnamed(Map<Attribute, String> words, String unnamedShapeWord) {
        return words.isEmpty() ? CaptionWriter.article(unnamedShapeWord) + " " + unnamedShapeWord
                : CaptionWriter.compose(words, unnamedShapeWord);
    }
}
