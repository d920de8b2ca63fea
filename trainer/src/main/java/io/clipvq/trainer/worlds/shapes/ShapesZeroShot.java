package io.clipvq.trainer.worlds.shapes;

import io.clipvq.contracts.Seeds;
import io.clipvq.trainer.worlds.ClipEmbedder;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Zero-shot attribute accuracy of a CLIP on freshly rendered Shapes scenes: for each scene and attribute, the
 * captions that differ only in that attribute (one per value: 4 shapes, 6 colours, 2 sizes, 5 positions,
 * 3 backgrounds) are ranked by cosine similarity with the image, and the pick is right when it names the scene's
 * value. Two wordings: {@link Wording#FULL} captions name all five attributes (the others as in the scene; the
 * alternatives are the Shapes world's {@link ZeroShotChoices}),
 * {@link Wording#SINGLE} captions name only the attribute asked about ("a red object", "a shape on the left").
 * Words are drawn at random from the lists of docs/worlds.md#shapes-captions, per scene and candidate.
 */
public final class ShapesZeroShot {

    public enum Wording {
        FULL, SINGLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Share of right picks per wording and attribute, over {@code scenes} scenes. */
    public record Result(int scenes, Map<Wording, Map<Attribute, Double>> accuracy) {

        public double of(Wording wording, Attribute attribute) {
            return accuracy.get(wording).get(attribute);
        }

        /** The lowest accuracy over every wording and attribute. */
        public double minimum() {
            return accuracy.values().stream().flatMap(m -> m.values().stream()).mapToDouble(Double::doubleValue).min().orElse(0);
        }

        /** "full: shape 0.98 colour 1.00 ... | single: ..." */
        public String summary() {
            List<String> parts = new ArrayList<>();
            accuracy.forEach((wording, byAttribute) -> {
                StringBuilder line = new StringBuilder(wording.label()).append(':');
                byAttribute.forEach((a, v) -> line.append(String.format(Locale.ROOT, " %s %.3f", a.label(), v)));
                parts.add(line.toString());
            });
            return String.join(" | ", parts);
        }
    }

    private static final long STREAM_SCENES = 1;
    private static final long STREAM_WORDS = 2;

    private ShapesZeroShot() {
    }

    /** The held-out scenes of an evaluation: uniform attributes and jitter from their own seed stream. */
    public static List<ShapeScene> scenes(int count, long seed) {
        if (count <= 0) {
            throw new IllegalArgumentException("zero-shot evaluation needs at least one scene, got " + count);
        }
        List<ShapeScene> scenes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            scenes.add(ShapeScene.random(new SplittableRandom(Seeds.derive(Seeds.derive(seed, STREAM_SCENES), i))));
        }
        return scenes;
    }

    public static Result evaluate(ClipEmbedder clip, List<ShapeScene> scenes, long seed) throws Exception {
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < scenes.size(); i++) {
            SplittableRandom random = new SplittableRandom(Seeds.derive(Seeds.derive(seed, STREAM_WORDS), i));
            for (Attribute attribute : Attribute.values()) {
                ZeroShotChoices.Choice choice = ZeroShotChoices.of(scenes.get(i), attribute, random);
                questions.add(new Question(i, Wording.FULL, attribute, choice.captions(), choice.correctIndex()));
            }
            String unnamed = pick(ShapeKind.UNNAMED_WORDS, random);
            for (Attribute attribute : Attribute.values()) {
                questions.add(single(i, scenes.get(i), attribute, unnamed, random));
            }
        }
        // each distinct caption is embedded once
        Map<String, Integer> captionIndex = new LinkedHashMap<>();
        questions.forEach(q -> q.captions().forEach(c -> captionIndex.computeIfAbsent(c, k -> captionIndex.size())));
        float[][] texts = clip.embedTexts(new ArrayList<>(captionIndex.keySet()));
        float[][] images = clip.embedImages(scenes.stream().map(scene -> ShapesRenderer.render(scene).toChw()).toList());

        Map<Wording, Map<Attribute, int[]>> counts = new EnumMap<>(Wording.class);
        for (Question q : questions) {
            float[] image = images[q.scene()];
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < q.captions().size(); v++) {
                double score = dot(image, texts[captionIndex.get(q.captions().get(v))]);
                if (score > bestScore) {
                    bestScore = score;
                    best = v;
                }
            }
            int[] tally = counts.computeIfAbsent(q.wording(), w -> new EnumMap<>(Attribute.class))
                    .computeIfAbsent(q.attribute(), a -> new int[2]);
            tally[0] += best == q.correctIndex() ? 1 : 0;
            tally[1]++;
        }
        Map<Wording, Map<Attribute, Double>> accuracy = new EnumMap<>(Wording.class);
        counts.forEach((w, byAttribute) -> {
            Map<Attribute, Double> shares = new EnumMap<>(Attribute.class);
            byAttribute.forEach((a, t) -> shares.put(a, (double) t[0] / t[1]));
            accuracy.put(w, shares);
        });
        return new Result(scenes.size(), accuracy);
    }

    /** One multiple-choice question: which of the captions describes scene {@code scene}. */
    private record Question(int scene, Wording wording, Attribute attribute, List<String> captions, int correctIndex) {
    }

    /** Captions naming only {@code attribute}, one per value ("a red object", "a blue object", ...). */
    private static Question single(int index, ShapeScene scene, Attribute attribute, String unnamed, SplittableRandom random) {
        AttributeValue[] values = valuesOf(attribute);
        List<String> captions = new ArrayList<>();
        int correct = -1;
        for (int v = 0; v < values.length; v++) {
            captions.add(CaptionWriter.compose(Map.of(attribute, pick(values[v].words(), random)), unnamed));
            if (values[v] == scene.value(attribute)) {
                correct = v;
            }
        }
        return new Question(index, Wording.SINGLE, attribute, List.copyOf(captions), correct);
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

    private static String pick(List<String> words, SplittableRandom random) {
        return words.get(random.nextInt(words.size()));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
