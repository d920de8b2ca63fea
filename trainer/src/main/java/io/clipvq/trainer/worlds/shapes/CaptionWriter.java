package io.clipvq.trainer.worlds.shapes;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Training captions of the Shapes world: "a [size] [colour] (shape | object | shape) [position] [background]", naming
 * some or all attributes with words picked at random from the lists of docs/worlds.md#shapes-captions. The attribute
 * order and the leading article are fixed, which is what {@link PromptVariants} avoids so that eval prompts are worded
 * differently from every caption this class can write.
 */
public final class CaptionWriter {

    private final double fullCaptionProbability;
    private final double attributeProbability;

    private CaptionWriter(Builder builder) {
        this.fullCaptionProbability = builder.fullCaptionProbability;
        this.attributeProbability = builder.attributeProbability;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A random caption of {@code scene}; the same random state gives the same caption. */
    public String caption(ShapeScene scene, SplittableRandom random) {
        return write(pickNamed(random), scene, random);
    }

    /** Which attributes a caption names: all of them, or each independently, never none. */
    Set<Attribute> pickNamed(SplittableRandom random) {
        if (random.nextDouble() < fullCaptionProbability) {
            return EnumSet.allOf(Attribute.class);
        }
        Set<Attribute> named = EnumSet.noneOf(Attribute.class);
        while (named.isEmpty()) {
            for (Attribute attribute : Attribute.values()) {
                if (random.nextDouble() < attributeProbability) {
                    named.add(attribute);
                }
            }
        }
        return named;
    }

    private static String write(Set<Attribute> named, ShapeScene scene, SplittableRandom random) {
        Map<Attribute, String> words = new EnumMap<>(Attribute.class);
        for (Attribute attribute : named) {
            words.put(attribute, pick(scene.value(attribute).words(), random));
        }
        String unnamedShapeWord = pick(ShapeKind.UNNAMED_WORDS, random);
        return compose(words, unnamedShapeWord);
    }

    /**
     * The caption for the chosen phrases (attribute -> its exact word or phrase); {@code unnamedShapeWord} stands in
     * for the shape when the shape is not named. Every caption this class writes comes from here.
     */
    public static String compose(Map<Attribute, String> words, String unnamedShapeWord) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a caption names at least one attribute");
        }
        StringBuilder noun = new StringBuilder();
        append(noun, words.get(Attribute.SIZE));
        append(noun, words.get(Attribute.COLOUR));
        append(noun, words.getOrDefault(Attribute.SHAPE, Objects.requireNonNull(unnamedShapeWord, "unnamedShapeWord")));
        StringBuilder caption = new StringBuilder(article(noun.toString())).append(' ').append(noun);
        append(caption, words.get(Attribute.POSITION));
        append(caption, words.get(Attribute.BACKGROUND));
        return caption.toString();
    }

    /** "an" before a vowel ("an orange cross", "an object"), otherwise "a". */
    static String article(String nounPhrase) {
        return "aeiou".indexOf(nounPhrase.charAt(0)) >= 0 ? "an" : "a";
    }

    private static void append(StringBuilder text, String word) {
        if (word != null) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(word);
        }
    }

    static String pick(List<String> words, SplittableRandom random) {
        return words.get(random.nextInt(words.size()));
    }

    public static final class Builder {
        private double fullCaptionProbability = 0.5;
        private double attributeProbability = 0.5;

        private Builder() {
        }

        /** Probability that a caption names all five attributes (default 0.5). */
        public Builder optFullCaptionProbability(double probability) {
            this.fullCaptionProbability = checkProbability("fullCaptionProbability", probability);
            return this;
        }

        /** Otherwise, probability that each attribute is named, redrawn until one is (default 0.5). */
        public Builder optAttributeProbability(double probability) {
            if (probability <= 0) {
                throw new IllegalArgumentException("attributeProbability must be > 0, got " + probability);
            }
            this.attributeProbability = checkProbability("attributeProbability", probability);
            return this;
        }

        public CaptionWriter build() {
            return new CaptionWriter(this);
        }

        private static double checkProbability(String name, double probability) {
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException(name + " must be in [0, 1], got " + probability);
            }
            return probability;
        }
    }
}
