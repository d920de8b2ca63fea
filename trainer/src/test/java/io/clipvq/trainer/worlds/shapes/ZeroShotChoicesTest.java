package io.clipvq.trainer.worlds.shapes;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ZeroShotChoicesTest {

    @Test
    void should_offer_one_full_caption_per_value_differing_only_in_the_attribute() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 100; i++) {
            ShapeScene scene = ShapeScene.random(random);
            for (Attribute attribute : Attribute.values()) {
                ZeroShotChoices.Choice choice = ZeroShotChoices.of(scene, attribute, random);
                List<AttributeValue> values = ZeroShotChoices.valuesOf(attribute);
                assertThat(choice.captions()).hasSize(values.size());
                Set<Map<Attribute, AttributeValue>> others = new HashSet<>();
                for (int c = 0; c < values.size(); c++) {
                    PromptAttributes parsed = PromptAttributes.parse(choice.captions().get(c));
                    assertThat(parsed.named()).hasSize(5);
                    assertThat(parsed.value(attribute)).contains(values.get(c));
                    Map<Attribute, AttributeValue> rest = new java.util.EnumMap<>(parsed.named());
                    rest.remove(attribute);
                    others.add(rest);
                }
                assertThat(others).hasSize(1);
                assertThat(PromptAttributes.parse(choice.captions().get(choice.correctIndex())))
                        .isEqualTo(PromptAttributes.of(scene));
            }
        }
    }

    @Test
    void should_write_accuracy_json_with_null_for_unscored_attributes() {
        ShapesMetrics.AttributeAccuracy accuracy = ShapesMetrics.attributeAccuracy(List.of(new ShapesMetrics.Evaluated(
                PromptAttributes.parse("draw a red box"), AttributeChecker.builder().build().check(ShapesRenderer.render(
                        ShapeScene.nominal(ShapeKind.SQUARE, ObjectColour.BLUE, SizeClass.LARGE, Placement.LEFT,
                                Background.GRAY))))), Composition.DEFAULT_LEFT_OUT);
        JsonNode json = MetricsJson.attributeAccuracy(accuracy);
        assertThat(json.at("/seen/prompts").asInt()).isEqualTo(1);
        assertThat(json.at("/seen/shape/accuracy").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/seen/colour/correct").asInt()).isZero();
        assertThat(json.at("/seen/colour/total").asInt()).isEqualTo(1);
        assertThat(json.at("/seen/size/accuracy").isNull()).isTrue();
        assertThat(json.at("/left_out/prompts").asInt()).isZero();
        assertThat(json.at("/all/shape/total").asInt()).isEqualTo(1);
    }
}
