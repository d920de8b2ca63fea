package io.clipvq.trainer.worlds.shapes;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ShapesMetricsTest {

    private final AttributeChecker checker = AttributeChecker.builder().build();

    @Test
    void should_score_each_attribute_only_where_the_prompt_names_it_split_by_composition() {
        ShapeScene purpleTriangle = ShapeScene.nominal(ShapeKind.TRIANGLE, ObjectColour.PURPLE, SizeClass.LARGE,
                Placement.LEFT, Background.BLACK);
        ShapeScene redCircle = ShapeScene.nominal(ShapeKind.CIRCLE, ObjectColour.RED, SizeClass.SMALL,
                Placement.CENTER, Background.WHITE);
        List<ShapesMetrics.Evaluated> evaluated = List.of(
                // left out (names purple + triangle): shape right, colour right, size wrong
                evaluated("draw a small purple triangle", purpleTriangle),
                // seen: names only the colour, which is wrong
                evaluated("a picture of a blue object", redCircle),
                // seen: colour and shape named separately from a left-out pair -> seen; shape wrong, background right
                evaluated("an image showing a purple box on a black background", purpleTriangle),
                // seen: everything right
                evaluated("on a white background, a tiny red disc in the middle", redCircle));
        ShapesMetrics.AttributeAccuracy accuracy = ShapesMetrics.attributeAccuracy(evaluated,
                Composition.DEFAULT_LEFT_OUT);

        assertThat(accuracy.leftOutPrompts()).isEqualTo(1);
        assertThat(accuracy.seenPrompts()).isEqualTo(3);
        assertThat(accuracy.leftOut()).isEqualTo(Map.of(
                Attribute.SHAPE, new ShapesMetrics.Score(1, 1), Attribute.COLOUR, new ShapesMetrics.Score(1, 1),
                Attribute.SIZE, new ShapesMetrics.Score(0, 1), Attribute.POSITION, new ShapesMetrics.Score(0, 0),
                Attribute.BACKGROUND, new ShapesMetrics.Score(0, 0)));
        assertThat(accuracy.seen()).isEqualTo(Map.of(
                Attribute.SHAPE, new ShapesMetrics.Score(1, 2), Attribute.COLOUR, new ShapesMetrics.Score(2, 3),
                Attribute.SIZE, new ShapesMetrics.Score(1, 1), Attribute.POSITION, new ShapesMetrics.Score(1, 1),
                Attribute.BACKGROUND, new ShapesMetrics.Score(2, 2)));
        assertThat(accuracy.all().get(Attribute.COLOUR)).isEqualTo(new ShapesMetrics.Score(3, 4));
        assertThat(accuracy.all().get(Attribute.SHAPE).accuracy()).isEqualTo(2 / 3.0);
        assertThat(accuracy.leftOut().get(Attribute.POSITION).accuracy()).isNaN();
    }

    @Test
    void should_count_a_missing_object_as_wrong_for_every_object_attribute() {
        int[] blank = new int[ShapesImage.PIXELS];
        java.util.Arrays.fill(blank, Background.GRAY.rgb().packed());
        CheckedAttributes nothing = checker.check(ShapesImage.ofPacked(blank));
        ShapesMetrics.AttributeAccuracy accuracy = ShapesMetrics.attributeAccuracy(List.of(new ShapesMetrics.Evaluated(
                PromptAttributes.parse("draw a red cross on a gray background"), nothing)), Composition.DEFAULT_LEFT_OUT);
        assertThat(accuracy.all().get(Attribute.SHAPE)).isEqualTo(new ShapesMetrics.Score(0, 1));
        assertThat(accuracy.all().get(Attribute.COLOUR)).isEqualTo(new ShapesMetrics.Score(0, 1));
        assertThat(accuracy.all().get(Attribute.BACKGROUND)).isEqualTo(new ShapesMetrics.Score(1, 1));
    }

    private ShapesMetrics.Evaluated evaluated(String prompt, ShapeScene shown) {
        return new ShapesMetrics.Evaluated(PromptAttributes.parse(prompt), checker.check(ShapesRenderer.render(shown)));
    }
}
