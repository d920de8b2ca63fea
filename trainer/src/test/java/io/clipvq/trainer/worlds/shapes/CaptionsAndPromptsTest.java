package io.clipvq.trainer.worlds.shapes;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaptionsAndPromptsTest {

    @Test
    void should_compose_the_examples_of_shapes_md() {
        assertThat(CaptionWriter.compose(Map.of(Attribute.SIZE, "small", Attribute.COLOUR, "red", Attribute.SHAPE,
                "circle", Attribute.POSITION, "on the left", Attribute.BACKGROUND, "on a black background"), "object"))
                .isEqualTo("a small red circle on the left on a black background");
        assertThat(CaptionWriter.compose(Map.of(Attribute.SIZE, "big", Attribute.COLOUR, "blue", Attribute.SHAPE, "box"),
                "object")).isEqualTo("a big blue box");
        assertThat(CaptionWriter.compose(Map.of(Attribute.COLOUR, "purple", Attribute.SHAPE, "plus sign",
                Attribute.POSITION, "in the middle", Attribute.BACKGROUND, "on a white background"), "shape"))
                .isEqualTo("a purple plus sign in the middle on a white background");
        assertThat(CaptionWriter.compose(Map.of(Attribute.COLOUR, "green", Attribute.POSITION, "at the bottom"), "object"))
                .isEqualTo("a green object at the bottom");
        assertThat(CaptionWriter.compose(Map.of(Attribute.SIZE, "small", Attribute.POSITION, "at the top"), "shape"))
                .isEqualTo("a small shape at the top");
        assertThat(CaptionWriter.compose(Map.of(Attribute.COLOUR, "orange", Attribute.SHAPE, "cross"), "shape"))
                .isEqualTo("an orange cross");
    }

    @Test
    void should_write_seeded_captions_that_parse_back_to_the_scene_values() {
        CaptionWriter writer = CaptionWriter.builder().build();
        SplittableRandom scenes = new SplittableRandom(11);
        Set<String> wordsSeen = new HashSet<>();
        int full = 0;
        for (int i = 0; i < 3000; i++) {
            ShapeScene scene = ShapeScene.random(scenes);
            String caption = writer.caption(scene, new SplittableRandom(i));
            assertThat(writer.caption(scene, new SplittableRandom(i))).isEqualTo(caption);
            PromptAttributes parsed = PromptAttributes.parse(caption);
            assertThat(parsed.named()).isNotEmpty();
            parsed.named().forEach((attribute, value) -> assertThat(value).isEqualTo(scene.value(attribute)));
            if (!parsed.names(Attribute.SHAPE)) {
                assertThat(caption).containsAnyOf(" object", " shape");
            }
            full += parsed.named().size() == 5 ? 1 : 0;
            wordsSeen.add(caption);
        }
        assertThat(full).isBetween(1500, 2000); // half full captions, plus partial draws that name all five
        String all = String.join(" | ", wordsSeen);
        for (AttributeValue value : allValues()) {
            for (String word : value.words()) {
                assertThat(all).contains(word);
            }
        }
    }

    @Test
    void should_name_only_the_chosen_attributes() {
        CaptionWriter onlyPartial = CaptionWriter.builder().optFullCaptionProbability(0).optAttributeProbability(0.2)
                .build();
        SplittableRandom random = new SplittableRandom(3);
        Map<Integer, Integer> byCount = new java.util.TreeMap<>();
        for (int i = 0; i < 2000; i++) {
            ShapeScene scene = ShapeScene.random(random);
            int count = PromptAttributes.parse(onlyPartial.caption(scene, random)).named().size();
            byCount.merge(count, 1, Integer::sum);
        }
        assertThat(byCount).doesNotContainKey(0).containsKey(1).containsKey(2);
        assertThat(byCount.get(1)).isGreaterThan(byCount.getOrDefault(4, 0));
    }

    @Test
    void should_word_eval_prompts_unlike_any_training_caption_and_parse_them_back() {
        Set<String> everyCaption = everyTrainingCaption();
        assertThat(everyCaption).contains("a small red circle on the left on a black background", "a big blue box")
                .hasSizeGreaterThan(10_000);
        List<PromptVariants.Prompt> prompts = PromptVariants.promptSet(20, 5);
        assertThat(prompts).hasSize(24 * 20);
        assertThat(PromptVariants.promptSet(20, 5)).isEqualTo(prompts);
        Set<String> starts = new HashSet<>();
        for (PromptVariants.Prompt prompt : prompts) {
            assertThat(everyCaption.contains(prompt.text())).as(prompt.text()).isFalse();
            assertThat(PromptAttributes.parse(prompt.text())).isEqualTo(prompt.attributes());
            starts.add(prompt.text().substring(0, 5));
        }
        assertThat(starts).contains("a pic", "draw ", "an im", "on a ");
        long leftOut = prompts.stream().filter(p -> Composition.DEFAULT_LEFT_OUT.contains(p.attributes()
                .composition().orElseThrow())).count();
        assertThat(leftOut).isEqualTo(40);
        // every partial naming also avoids the caption forms
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 2000; i++) {
            ShapeScene scene = ShapeScene.random(random);
            Map<Attribute, AttributeValue> named = new EnumMap<>(Attribute.class);
            for (Attribute attribute : Attribute.values()) {
                if (random.nextBoolean()) {
                    named.put(attribute, scene.value(attribute));
                }
            }
            if (named.isEmpty()) {
                continue;
            }
            String text = PromptVariants.word(new PromptAttributes(named), random);
            assertThat(everyCaption.contains(text)).as(text).isFalse();
            assertThat(PromptAttributes.parse(text).named()).isEqualTo(named);
        }
    }

    @Test
    void should_parse_other_spellings_and_refuse_contradictions() {
        assertThat(PromptAttributes.parse("On a white background, a BIG red disc").named()).isEqualTo(Map.of(
                Attribute.BACKGROUND, Background.WHITE, Attribute.SIZE, SizeClass.LARGE, Attribute.COLOUR,
                ObjectColour.RED, Attribute.SHAPE, ShapeKind.CIRCLE));
        assertThat(PromptAttributes.parse("a tiny orange plus in the centre on a grey background").named()).isEqualTo(
                Map.of(Attribute.SIZE, SizeClass.SMALL, Attribute.COLOUR, ObjectColour.ORANGE, Attribute.SHAPE,
                        ShapeKind.CROSS, Attribute.POSITION, Placement.CENTER, Attribute.BACKGROUND, Background.GRAY));
        assertThat(PromptAttributes.parse("a round shape").named()).isEqualTo(Map.of(Attribute.SHAPE, ShapeKind.CIRCLE));
        assertThat(PromptAttributes.parse("a shape").named()).isEmpty();
        assertThat(PromptAttributes.parse("boxes").named()).isEmpty();
        assertThatThrownBy(() -> PromptAttributes.parse("a red circle and a blue square"))
                .hasMessageContaining("a red circle and a blue square").hasMessageContaining("more than one shape");
    }

    /** All captions CaptionWriter can write: every subset of attributes, every word, both unnamed-shape words. */
    static Set<String> everyTrainingCaption() {
        Set<String> captions = new HashSet<>();
        List<Attribute> attributes = List.of(Attribute.values());
        for (int subset = 1; subset < 32; subset++) {
            List<Map<Attribute, String>> partial = new ArrayList<>();
            partial.add(new EnumMap<>(Attribute.class));
            for (int a = 0; a < 5; a++) {
                if ((subset & (1 << a)) == 0) {
                    continue;
                }
                Attribute attribute = attributes.get(a);
                List<Map<Attribute, String>> next = new ArrayList<>();
                for (Map<Attribute, String> words : partial) {
                    for (AttributeValue value : allValues()) {
                        if (value.attribute() != attribute) {
                            continue;
                        }
                        for (String word : value.words()) {
                            Map<Attribute, String> extended = new EnumMap<>(words);
                            extended.put(attribute, word);
                            next.add(extended);
                        }
                    }
                }
                partial = next;
            }
            for (Map<Attribute, String> words : partial) {
                for (String unnamed : ShapeKind.UNNAMED_WORDS) {
                    captions.add(CaptionWriter.compose(words, unnamed));
                }
            }
        }
        return captions;
    }

    static List<AttributeValue> allValues() {
        List<AttributeValue> values = new ArrayList<>();
        values.addAll(List.of(ShapeKind.values()));
        values.addAll(List.of(ObjectColour.values()));
        values.addAll(List.of(SizeClass.values()));
        values.addAll(List.of(Placement.values()));
        values.addAll(List.of(Background.values()));
        return values;
    }
}
