package io.clipvq.trainer.worlds.shapes;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OpenAttributeSpreadTest {
    private final AttributeChecker checker = AttributeChecker.builder().build();

    private ShapesMetrics.Evaluated red(String prompt, SizeClass size, Placement position, Background background) {
        ShapeScene scene = ShapeScene.nominal(ShapeKind.CIRCLE, ObjectColour.RED, size, position, background);
        return new ShapesMetrics.Evaluated(PromptAttributes.parse(prompt), checker.check(ShapesRenderer.render(scene)));
    }

    @Test
    void should_measure_each_open_attribute_against_uniform_by_hand() {
        String prompt = "a red circle";
        List<ShapesMetrics.Evaluated> images = new ArrayList<>();
        // 4 images: sizes 3 small / 1 large, positions all center, backgrounds one of each + one more white
        images.add(red(prompt, SizeClass.SMALL, Placement.CENTER, Background.BLACK));
        images.add(red(prompt, SizeClass.SMALL, Placement.CENTER, Background.GRAY));
        images.add(red(prompt, SizeClass.SMALL, Placement.CENTER, Background.WHITE));
        images.add(red(prompt, SizeClass.LARGE, Placement.CENTER, Background.WHITE));

        OpenAttributeSpread spread = OpenAttributeSpread.ofRepeatedPrompts(images,
                List.of(prompt, prompt, prompt, prompt)).get(0);

        assertThat(spread.open()).containsOnlyKeys(Attribute.SIZE, Attribute.POSITION, Attribute.BACKGROUND);
        // size: |0.75 - 0.5| + |0.25 - 0.5| = 0.5, halved
        assertThat(spread.open().get(Attribute.SIZE).totalVariation()).isCloseTo(0.25, within(1e-12));
        // position: all on one of five values: |1 - 0.2| + 4 * 0.2 = 1.6, halved
        assertThat(spread.open().get(Attribute.POSITION).totalVariation()).isCloseTo(0.8, within(1e-12));
        // background: 0.25, 0.25, 0.5 against thirds: (1/12 + 1/12 + 1/6) / 2
        assertThat(spread.open().get(Attribute.BACKGROUND).totalVariation()).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(spread.open().get(Attribute.BACKGROUND).shares()).containsEntry("white", 0.5);
        assertThat(spread.worstTotalVariation()).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void should_count_an_image_without_object_as_mass_outside_every_value() {
        String prompt = "a red circle on a white background";
        int[] blank = new int[ShapesImage.PIXELS];
        java.util.Arrays.fill(blank, 0xF0F0F0);
        List<ShapesMetrics.Evaluated> images = List.of(
                red(prompt, SizeClass.SMALL, Placement.LEFT, Background.WHITE),
                new ShapesMetrics.Evaluated(PromptAttributes.parse(prompt), checker.check(ShapesImage.ofPacked(blank))));

        OpenAttributeSpread.Spread size = OpenAttributeSpread.ofRepeatedPrompts(images, List.of(prompt, prompt))
                .get(0).open().get(Attribute.SIZE);

        assertThat(size.noObject()).isEqualTo(0.5);
        // small 0.5, large 0, none 0.5: (|0.5 - 0.5| + |0 - 0.5| + 0.5) / 2
        assertThat(size.totalVariation()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void should_leave_out_prompts_asked_once() {
        List<ShapesMetrics.Evaluated> images = List.of(red("a red circle", SizeClass.SMALL, Placement.LEFT,
                Background.WHITE));

        assertThat(OpenAttributeSpread.ofRepeatedPrompts(images, List.of("a red circle"))).isEmpty();
    }
}
