package io.clipvq.trainer.worlds.shapes;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributeScoringTest {

    private static byte[] png(ShapeKind shape, ObjectColour colour, SizeClass size, Placement position,
                              Background background) {
        return ShapesRenderer.render(ShapeScene.nominal(shape, colour, size, position, background)).toPng();
    }

    @Test
    void should_score_only_named_attributes_split_by_composition() {
        List<String> prompts = List.of(
                "a small red circle on the left on a black background",   // seen, all five right
                "draw a purple triangle at the top",                        // left out, right
                "a big orange cross",                                       // left out, drawn as a square: shape wrong
                "a green object on a white background");                    // seen, background wrong
        List<byte[]> images = List.of(
                png(ShapeKind.CIRCLE, ObjectColour.RED, SizeClass.SMALL, Placement.LEFT, Background.BLACK),
                png(ShapeKind.TRIANGLE, ObjectColour.PURPLE, SizeClass.LARGE, Placement.TOP, Background.GRAY),
                png(ShapeKind.SQUARE, ObjectColour.ORANGE, SizeClass.LARGE, Placement.CENTER, Background.GRAY),
                png(ShapeKind.CROSS, ObjectColour.GREEN, SizeClass.SMALL, Placement.BOTTOM, Background.BLACK));

        ShapesMetrics.AttributeAccuracy accuracy = AttributeScoring.score(AttributeScoring.parsePrompts(prompts), images);

        assertThat(accuracy.seenPrompts()).isEqualTo(2);
        assertThat(accuracy.leftOutPrompts()).isEqualTo(2);
        assertThat(accuracy.seen().get(Attribute.SHAPE)).isEqualTo(new ShapesMetrics.Score(1, 1));
        assertThat(accuracy.seen().get(Attribute.COLOUR)).isEqualTo(new ShapesMetrics.Score(2, 2));
        assertThat(accuracy.seen().get(Attribute.BACKGROUND)).isEqualTo(new ShapesMetrics.Score(1, 2));
        assertThat(accuracy.seen().get(Attribute.SIZE)).isEqualTo(new ShapesMetrics.Score(1, 1));
        assertThat(accuracy.leftOut().get(Attribute.SHAPE)).isEqualTo(new ShapesMetrics.Score(1, 2));
        assertThat(accuracy.leftOut().get(Attribute.COLOUR)).isEqualTo(new ShapesMetrics.Score(2, 2));
        assertThat(accuracy.leftOut().get(Attribute.SIZE)).isEqualTo(new ShapesMetrics.Score(1, 1));
        assertThat(accuracy.leftOut().get(Attribute.POSITION)).isEqualTo(new ShapesMetrics.Score(1, 1));
        assertThat(accuracy.leftOut().get(Attribute.BACKGROUND)).isEqualTo(new ShapesMetrics.Score(0, 0));
    }

    @Test
    void should_name_the_prompt_the_checker_cannot_score() {
        assertThatThrownBy(() -> AttributeScoring.parsePrompts(List.of("a red circle", "a red and blue box")))
                .hasMessageStartingWith("prompt 2:").hasMessageContaining("colour");
        assertThat(AttributeScoring.parsePrompts(List.of("a photo of a cat")).get(0))
                .isEqualTo(new PromptAttributes(java.util.Map.of()));
    }
}
