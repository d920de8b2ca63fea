package io.clipvq.trainer.eval;

import io.clipvq.trainer.worlds.shapes.Attribute;
import io.clipvq.trainer.worlds.shapes.ShapesMetrics;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EvalReportTest {

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
        assertThat(EvalReport.target("seen", scores(19, 9), 0.9)).isEqualTo("seen >= 90%: met (lowest: size 90.0%)");
        assertThat(EvalReport.target("seen", scores(17, 10), 0.9)).isEqualTo("seen >= 90%: missed (lowest: shape 85.0%)");
        assertThat(EvalReport.target("left out", scores(0, 0).entrySet().stream()
                .filter(e -> e.getKey() == Attribute.COLOUR)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), 0.6))
                .isEqualTo("left out >= 60%: no prompt");
    }

    @Test
    void should_escape_table_cells_and_print_whole_numbers_without_a_fraction() {
        assertThat(EvalReport.cell("a | b\nc")).isEqualTo("a \\| b c");
        assertThat(EvalReport.number(1.0)).isEqualTo("1");
        assertThat(EvalReport.number(1.5)).isEqualTo("1.5");
        assertThat(EvalReport.number(0.85)).isEqualTo("0.85");
    }
}
