package io.clipvq.trainer.worlds.shapes;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ShapesCheckReportTest {

    private static Map<Attribute, ShapesMetrics.Score> scores(int shapeCorrect, int sizeCorrect) {
        Map<Attribute, ShapesMetrics.Score> scores = new EnumMap<>(Attribute.class);
        for (Attribute attribute : Attribute.values()) {
            scores.put(attribute, new ShapesMetrics.Score(0, 0));
        }
        scores.put(Attribute.SHAPE, new ShapesMetrics.Score(shapeCorrect, 20));
        scores.put(Attribute.SIZE, new ShapesMetrics.Score(sizeCorrect, 10));
        return scores;
    }

    @Test
    void should_judge_a_target_by_the_lowest_named_attribute() {
        assertThat(ShapesCheckReport.target("seen", scores(19, 9), 0.9)).isEqualTo("seen >= 90%: met (lowest: size 90.0%)");
        assertThat(ShapesCheckReport.target("seen", scores(17, 10), 0.9)).isEqualTo("seen >= 90%: missed (lowest: shape 85.0%)");
        assertThat(ShapesCheckReport.target("left out", scores(0, 0).entrySet().stream()
                .filter(e -> e.getKey() == Attribute.COLOUR)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), 0.6))
                .isEqualTo("left out >= 60%: no prompt");
    }

    @Test
    void should_print_a_score_with_its_count_and_a_dash_where_no_prompt_names_the_attribute() {
        assertThat(ShapesCheckReport.score(new ShapesMetrics.Score(9, 10))).isEqualTo("90.0% (9/10)");
        assertThat(ShapesCheckReport.score(new ShapesMetrics.Score(0, 0))).isEqualTo("-");
    }
}
