package io.clipvq.engine.diversity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PromptDiversityTest {

    private static PromptDiversity.Image image(String sha, double angleDegrees) {
        double a = Math.toRadians(angleDegrees);
        return new PromptDiversity.Image(sha, new float[] {(float) Math.cos(a), (float) Math.sin(a)});
    }

    @Test
    void should_count_exact_and_near_duplicates_against_earlier_images_and_average_pair_distances() {
        List<PromptDiversity.Image> images = List.of(image("a", 0), image("a", 0), image("b", 5), image("c", 90));

        PromptDiversity d = PromptDiversity.of("p", images);

        assertThat(d.images()).isEqualTo(4);
        assertThat(d.distinct()).isEqualTo(3);
        // cos 5 degrees = 0.9962 >= 0.99: b is a near duplicate of a; c is not
        assertThat(d.nearDistinct()).isEqualTo(2);
        double c5 = Math.cos(Math.toRadians(5));
        double c85 = Math.cos(Math.toRadians(85));
        // pairs: (a,a) 0, (a,b) x2 1-c5, (a,c) x2 1, (b,c) 1-c85
        double expected = (0 + 2 * (1 - c5) + 2 * 1 + (1 - c85)) / 6;
        assertThat(d.meanPairwiseDistance()).isCloseTo(expected, within(1e-6));
        assertThat(d.distinctShare()).isEqualTo(0.75);
    }

    @Test
    void should_group_lines_by_prompt_text_and_skip_prompts_asked_once() {
        List<PromptDiversity> groups = PromptDiversity.ofRepeatedPrompts(List.of("x", "y", "x"),
                List.of(image("a", 0), image("b", 0), image("a", 0)));

        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).prompt()).isEqualTo("x");
        assertThat(groups.get(0).distinct()).isEqualTo(1);
        assertThat(groups.get(0).meanPairwiseDistance()).isCloseTo(0, within(1e-12));
    }

    @Test
    void should_refuse_lists_of_different_lengths() {
        assertThatThrownBy(() -> PromptDiversity.ofRepeatedPrompts(List.of("x"), List.of()))
                .hasMessageContaining("1 prompts but 0 images");
    }
}
