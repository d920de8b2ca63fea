package io.clipvq.engine.rerank;

import io.clipvq.engine.image.Sha256Hex;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RerankerTest {

    /** A candidate whose image is named by {@code picture}: equal pictures stand for byte-identical PNGs. */
    private static Candidate candidate(int index, double score, String picture, float... embedding) {
        return new Candidate(index, score, unit(embedding), picture::getBytes);
    }

    private static String sha(String picture) {
        return Sha256Hex.of(picture.getBytes());
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(n));
        }
        return out;
    }

    private static final double NO_MARGIN = Double.POSITIVE_INFINITY;
    /** The best score among {@link #candidates}. */
    private static final double TOP = 0.90;

    private static List<Integer> indices(List<Candidate> picks) {
        return picks.stream().map(Candidate::index).toList();
    }

    private final List<Candidate> candidates = List.of(
            candidate(0, 0.50, "a", 1, 0, 0),
            candidate(1, 0.90, "b", 0, 1, 0),
            candidate(2, 0.90, "b", 0, 1, 0),        // same picture as 1, same score: a tie broken by index
            candidate(3, 0.80, "c", 0, 1, 0.05f),    // cosine 0.9988 with b: a near duplicate of it
            candidate(4, 0.70, "d", 0, 0, 1));

    @Test
    void should_keep_the_top_scores_duplicates_included_under_best() {
        List<Candidate> picks = new Reranker(RerankPolicy.BEST, 1.0, NO_MARGIN)
                .select(candidates, 3, new KeptImages(), TOP);

        assertThat(indices(picks)).containsExactly(1, 2, 3);
    }

    @Test
    void should_skip_byte_identical_images_under_distinct() {
        KeptImages kept = new KeptImages();

        List<Candidate> picks = new Reranker(RerankPolicy.DISTINCT, 1.0, NO_MARGIN).select(candidates, 3, kept, TOP);

        assertThat(indices(picks)).containsExactly(1, 3, 4);
        assertThat(kept.size()).isEqualTo(3);
    }

    @Test
    void should_skip_near_duplicates_within_the_threshold() {
        List<Candidate> picks = new Reranker(RerankPolicy.DISTINCT, 0.99, NO_MARGIN)
                .select(candidates, 3, new KeptImages(), TOP);

        assertThat(indices(picks)).containsExactly(1, 4, 0);
    }

    @Test
    void should_keep_a_near_duplicate_that_lies_below_the_threshold() {
        List<Candidate> picks = new Reranker(RerankPolicy.DISTINCT, 0.9995, NO_MARGIN)
                .select(candidates, 2, new KeptImages(), TOP);

        assertThat(indices(picks)).containsExactly(1, 3);
    }

    @Test
    void should_avoid_images_kept_before_this_call() {
        KeptImages kept = new KeptImages();
        kept.add(sha("b"), null);

        List<Candidate> picks = new Reranker(RerankPolicy.DISTINCT, 1.0, NO_MARGIN).select(candidates, 1, kept, TOP);

        assertThat(indices(picks)).containsExactly(3);
    }

    @Test
    void should_return_fewer_when_every_candidate_duplicates_a_kept_image() {
        KeptImages kept = new KeptImages();
        for (String picture : List.of("a", "b", "c", "d")) {
            kept.add(sha(picture), null);
        }

        assertThat(new Reranker(RerankPolicy.DISTINCT, 1.0, NO_MARGIN).select(candidates, 2, kept, TOP)).isEmpty();
    }

    @Test
    void should_fill_a_shortfall_with_near_duplicates_before_exact_ones() {
        KeptImages kept = new KeptImages();
        kept.add(sha("b"), unit(new float[] {0, 1, 0}));
        List<Candidate> left = List.of(candidates.get(1), candidates.get(3));

        List<Candidate> picks = new Reranker(RerankPolicy.DISTINCT, 0.99, NO_MARGIN).fillShortfall(left, 2, kept);

        assertThat(indices(picks)).containsExactly(3, 1);
    }

    @Test
    void should_encode_only_the_candidates_it_keeps_under_best() {
        int[] encoded = new int[1];
        List<Candidate> counted = candidates.stream().map(c -> new Candidate(c.index(), c.score(), c.embedding(),
                () -> {
                    encoded[0]++;
                    return c.png();
                })).toList();

        new Reranker(RerankPolicy.BEST, 1.0, NO_MARGIN).select(counted, 2, new KeptImages(), TOP);

        assertThat(encoded[0]).isEqualTo(2);
    }

    @Test
    void should_skip_distinct_candidates_that_score_more_than_the_margin_below_the_best() {
        KeptImages kept = new KeptImages();
        kept.add(sha("b"), unit(new float[] {0, 1, 0}));

        // b is kept already and c is its near duplicate; d (0.70) lies 0.20 below the best and a (0.50) 0.40.
        List<Candidate> picks = new Reranker(RerankPolicy.DISTINCT, 0.99, 0.25).select(candidates, 2, kept, TOP);

        assertThat(indices(picks)).containsExactly(4);
    }

    @Test
    void should_measure_the_margin_from_the_best_candidate_of_earlier_rounds() {
        List<Candidate> laterRound = List.of(candidates.get(0), candidates.get(4));

        List<Candidate> picks = new Reranker(RerankPolicy.DISTINCT, 1.0, 0.1)
                .select(laterRound, 1, new KeptImages(), 0.95);

        assertThat(picks).isEmpty();
    }

    @Test
    void should_ignore_the_margin_under_best() {
        List<Candidate> picks = new Reranker(RerankPolicy.BEST, 1.0, 0.0).select(candidates, 3, new KeptImages(), TOP);

        assertThat(indices(picks)).containsExactly(1, 2, 3);
    }

    @Test
    void should_fill_a_shortfall_whatever_the_margin() {
        KeptImages kept = new KeptImages();
        kept.add(sha("b"), unit(new float[] {0, 1, 0}));
        List<Candidate> left = List.of(candidates.get(0), candidates.get(4));

        List<Candidate> picks = new Reranker(RerankPolicy.DISTINCT, 0.99, 0.0).fillShortfall(left, 2, kept);

        assertThat(indices(picks)).containsExactly(4, 0);
    }

    @Test
    void should_reject_a_negative_or_missing_margin() {
        assertThatThrownBy(() -> new Reranker(RerankPolicy.DISTINCT, 1.0, -0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("score margin");
        assertThatThrownBy(() -> new Reranker(RerankPolicy.DISTINCT, 1.0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("score margin");
    }

    @Test
    void should_reject_a_threshold_that_is_not_positive() {
        assertThatThrownBy(() -> new Reranker(RerankPolicy.DISTINCT, 0, NO_MARGIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above 0");
        assertThatThrownBy(() -> new Reranker(RerankPolicy.DISTINCT, Double.NaN, NO_MARGIN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_name_the_accepted_policies_for_an_unknown_one() {
        assertThat(RerankPolicy.fromWireName("distinct")).isEqualTo(RerankPolicy.DISTINCT);
        assertThatThrownBy(() -> RerankPolicy.fromWireName("diverse"))
                .hasMessage("rerank policy \"diverse\" is not one of best, distinct");
    }
}
