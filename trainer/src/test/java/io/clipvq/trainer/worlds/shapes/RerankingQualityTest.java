package io.clipvq.trainer.worlds.shapes;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RerankingQualityTest {

    private static RerankingQuality.Candidate shape(double score, boolean right) {
        return new RerankingQuality.Candidate(score, Map.of(Attribute.SHAPE, right));
    }

    @Test
    void should_count_right_candidates_best_ranked_and_the_ranking_auc_as_computed_by_hand() {
        // prompt A: scores 0.9 wrong, 0.8 right, 0.7 right, 0.6 wrong -> best wrong; pairs (r, w): (0.8, 0.9) no,
        //   (0.8, 0.6) yes, (0.7, 0.9) no, (0.7, 0.6) yes -> 2 of 4
        // prompt B: 0.5 right, 0.5 wrong (tie, half), 0.4 right -> best: the first 0.5 (right); pairs (0.5, 0.5) 0.5,
        //   (0.4, 0.5) 0 -> 0.5 of 2
        // prompt C: all wrong -> no pairs, no right candidate
        List<List<RerankingQuality.Candidate>> byPrompt = List.of(
                List.of(shape(0.9, false), shape(0.8, true), shape(0.7, true), shape(0.6, false)),
                List.of(shape(0.5, true), shape(0.5, false), shape(0.4, true)),
                List.of(shape(0.3, false), shape(0.2, false)));

        RerankingQuality.Quality q = RerankingQuality.measure(byPrompt).get(Attribute.SHAPE);

        assertThat(q.prompts()).isEqualTo(3);
        assertThat(q.candidates()).isEqualTo(9);
        assertThat(q.rightShare()).isCloseTo(4 / 9.0, within(1e-12));
        assertThat(q.bestRight()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(q.anyRight()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(q.pairs()).isEqualTo(6);
        assertThat(q.auc()).isCloseTo(2.5 / 6, within(1e-12));
    }

    @Test
    void should_score_only_the_attributes_a_prompt_names_and_give_nan_auc_without_pairs() {
        List<List<RerankingQuality.Candidate>> byPrompt = List.of(List.of(
                new RerankingQuality.Candidate(0.7, Map.of(Attribute.COLOUR, true)),
                new RerankingQuality.Candidate(0.6, Map.of(Attribute.COLOUR, true))));

        Map<Attribute, RerankingQuality.Quality> measured = RerankingQuality.measure(byPrompt);

        assertThat(measured).containsOnlyKeys(Attribute.COLOUR);
        assertThat(measured.get(Attribute.COLOUR).bestRight()).isEqualTo(1.0);
        assertThat(measured.get(Attribute.COLOUR).auc()).isNaN();
    }
}
