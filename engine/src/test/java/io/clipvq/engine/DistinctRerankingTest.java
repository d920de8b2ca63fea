package io.clipvq.engine;

import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.rerank.KeptImages;
import io.clipvq.engine.rerank.RerankPolicy;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reranking and condition noise through the whole engine, on a random bundle whose images are one code of two
 * (a 1 x 1 grid, K = 2): it can draw only two different pictures, so duplicates are certain.
 */
class DistinctRerankingTest {
    @TempDir
    static Path bundleDir;
    private static OnnxTextToImageEngine engine;

    @BeforeAll
    static void openEngine() throws IOException {
        RandomBundleFactory.builder().optSeed(4).optScale(0.5).optTimesteps(10).optCodeGrid(1).optCodebookSize(2)
                .build().write(bundleDir);
        engine = OnnxTextToImageEngine.open(BundleLoader.load(bundleDir),
                EngineOptions.builder().optIntraOpThreads(1).build());
    }

    @AfterAll
    static void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    private static GenerationSettings settings(int candidates, int keep, RerankPolicy policy) {
        return new GenerationSettings(candidates, keep, null, null, 1.0, 0.0, policy, null, null);
    }

    private static List<String> hashes(List<GeneratedImage> images) {
        return images.stream().map(GeneratedImage::sha256).toList();
    }

    /** Candidates 0..n-1 of a prompt seed, by candidate index (BEST with keep = N returns every candidate). */
    private static GeneratedImage[] allCandidates(long promptSeed, int n) {
        GeneratedImage[] byIndex = new GeneratedImage[n];
        for (GeneratedImage image : engine.generate(List.of("x"), new long[] {promptSeed},
                settings(n, n, RerankPolicy.BEST)).get(0)) {
            byIndex[image.candidateIndex()] = image;
        }
        return byIndex;
    }

    /** The best-scoring candidate in [from, to) whose picture is not in {@code avoid}, or null. */
    private static GeneratedImage bestOutside(GeneratedImage[] candidates, int from, int to, List<String> avoid) {
        GeneratedImage best = null;
        for (int c = from; c < to; c++) {
            if (!avoid.contains(candidates[c].sha256()) && (best == null || candidates[c].clipScore() > best.clipScore())) {
                best = candidates[c];
            }
        }
        return best;
    }

    @Test
    void should_keep_the_best_candidate_and_then_the_best_other_picture_under_distinct() {
        GeneratedImage[] candidates = allCandidates(9, 32);
        List<GeneratedImage> best = engine.generate(List.of("x"), new long[] {9}, settings(8, 2, RerankPolicy.BEST))
                .get(0);
        List<GeneratedImage> distinct = engine.generate(List.of("x"), new long[] {9},
                settings(8, 2, RerankPolicy.DISTINCT)).get(0);

        GeneratedImage expectedSecond = null;
        for (int round = 0; round < 4 && expectedSecond == null; round++) {
            expectedSecond = bestOutside(candidates, round * 8, round * 8 + 8, List.of(best.get(0).sha256()));
        }
        assertThat(expectedSecond).as("both pictures occur among the 32 candidates of seed 9").isNotNull();
        // kept images come sorted by score: a pick from a later round may outscore the first round's best
        assertThat(distinct).extracting(GeneratedImage::candidateIndex)
                .containsExactlyInAnyOrder(best.get(0).candidateIndex(), expectedSecond.candidateIndex());
        assertThat(distinct).extracting(GeneratedImage::clipScore).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        for (GeneratedImage image : distinct) {
            assertThat(image.sha256()).isEqualTo(io.clipvq.engine.image.Sha256Hex.of(image.png()));
            assertThat(image.seed()).isEqualTo(io.clipvq.contracts.Seeds.derive(9, image.candidateIndex()));
        }
    }

    @Test
    void should_fall_back_to_a_duplicate_only_when_four_rounds_hold_no_other_picture() {
        KeptImages shared = new KeptImages();
        List<GeneratedImage> kept = new ArrayList<>();
        for (long seed = 0; seed < 3; seed++) {
            kept.add(engine.generate(List.of("x"), new long[] {seed}, settings(4, 1, RerankPolicy.DISTINCT),
                    List.of(shared)).get(0).get(0));
        }

        // image 1 repeats image 0 only if none of its 16 candidates (4 rounds of 4) shows the other picture
        GeneratedImage[] second = allCandidates(1, 16);
        boolean otherPictureDrawn = bestOutside(second, 0, 16, List.of(kept.get(0).sha256())) != null;
        assertThat(kept.get(1).sha256().equals(kept.get(0).sha256())).isEqualTo(!otherPictureDrawn);
        if (otherPictureDrawn) {
            // both pictures that exist are taken: image 2 can only repeat one of them
            assertThat(List.of(kept.get(0).sha256(), kept.get(1).sha256())).contains(kept.get(2).sha256());
        }
        assertThat(shared.size()).isEqualTo(kept.stream().map(GeneratedImage::sha256).distinct().count());
    }

    @Test
    void should_draw_further_rounds_when_the_other_picture_scores_below_the_margin() {
        GeneratedImage[] candidates = allCandidates(41, 8);
        GeneratedImage top = bestOutside(candidates, 0, 8, List.of());
        GeneratedImage other = bestOutside(candidates, 0, 8, List.of(top.sha256()));
        assertThat(other).as("both pictures occur among the 8 candidates of seed 41").isNotNull();
        double gap = top.clipScore() - other.clipScore();
        assertThat(gap).as("the two pictures score differently").isPositive();

        GeneratedImage withinMargin = keepOneBeside(top, gap * 2);
        int roundsWithinMargin = engine.lastTimings().images() / 8;
        GeneratedImage beyondMargin = keepOneBeside(top, gap / 2);
        int roundsBeyondMargin = engine.lastTimings().images() / 8;

        // within the margin the other picture is taken at once; beyond it every round is drawn in search of a
        // candidate that is both new and close enough, and only then the best new one is taken after all
        assertThat(withinMargin.candidateIndex()).isEqualTo(other.candidateIndex());
        assertThat(roundsWithinMargin).isEqualTo(1);
        assertThat(beyondMargin.sha256()).isEqualTo(other.sha256());
        assertThat(roundsBeyondMargin).isEqualTo(4);
    }

    @Test
    void should_take_the_score_margin_from_the_bundle_unless_the_call_sets_one(@TempDir Path copy) throws IOException {
        GeneratedImage[] candidates = allCandidates(41, 8);
        GeneratedImage top = bestOutside(candidates, 0, 8, List.of());
        assertThat(bestOutside(candidates, 0, 8, List.of(top.sha256()))).as("both pictures occur").isNotNull();
        copyWithManifestSampling(copy, "scoreMargin", 0.0);

        try (OnnxTextToImageEngine strict = OnnxTextToImageEngine.open(BundleLoader.load(copy),
                EngineOptions.builder().optIntraOpThreads(1).build())) {
            keepOneBeside(strict, top, null);
            int roundsWithBundleMargin = strict.lastTimings().images() / 8;
            keepOneBeside(strict, top, 2.0);
            int roundsWithCallMargin = strict.lastTimings().images() / 8;

            assertThat(roundsWithBundleMargin).isEqualTo(4);
            assertThat(roundsWithCallMargin).isEqualTo(1);
        }
    }

    @Test
    void should_say_whether_stored_images_must_be_embedded_from_the_call_or_the_bundle(@TempDir Path copy)
            throws IOException {
        copyWithManifestSampling(copy, "nearDuplicateCosine", 0.99);
        GenerationSettings unset = settings(4, 1, RerankPolicy.DISTINCT);
        GenerationSettings identicalOnly = new GenerationSettings(4, 1, null, null, 1.0, 0.0, RerankPolicy.DISTINCT,
                1.0, null);

        try (OnnxTextToImageEngine nearByDefault = OnnxTextToImageEngine.open(BundleLoader.load(copy),
                EngineOptions.builder().optIntraOpThreads(1).build())) {
            assertThat(nearByDefault.comparesEmbeddings(unset)).isTrue();
            assertThat(nearByDefault.comparesEmbeddings(identicalOnly)).isFalse();
            assertThat(nearByDefault.comparesEmbeddings(settings(4, 1, RerankPolicy.BEST))).isFalse();
        }
        assertThat(engine.comparesEmbeddings(unset)).isFalse();
    }

    /** A copy of the test bundle whose manifest's sampling section also holds {@code field} = {@code value}. */
    private static void copyWithManifestSampling(Path copy, String field, double value) throws IOException {
        try (var files = java.nio.file.Files.walk(bundleDir)) {
            for (Path source : files.toList()) {
                Path target = copy.resolve(bundleDir.relativize(source).toString());
                if (java.nio.file.Files.isDirectory(source)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Path manifest = copy.resolve("manifest.json");
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(manifest.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("sampling")).put(field, value);
        json.writeValue(manifest.toFile(), root);
    }

    private static GeneratedImage keepOneBeside(GeneratedImage top, double margin) {
        return keepOneBeside(engine, top, margin);
    }

    /** The one image kept for seed 41 under DISTINCT when {@code kept} already holds {@code top}'s picture. */
    private static GeneratedImage keepOneBeside(OnnxTextToImageEngine engine, GeneratedImage top, Double margin) {
        KeptImages kept = new KeptImages();
        kept.add(top.sha256(), top.imageEmbedding());
        GenerationSettings settings = new GenerationSettings(8, 1, null, null, 1.0, 0.0, RerankPolicy.DISTINCT, null,
                margin);
        return engine.generate(List.of("x"), new long[] {41}, settings, List.of(kept)).get(0).get(0);
    }

    @Test
    void should_give_the_same_images_whether_rows_sharing_kept_images_are_batched_or_not() {
        long[] seeds = {11, 12, 13, 14};
        KeptImages batchedKept = new KeptImages();
        List<List<GeneratedImage>> batched = engine.generate(Collections.nCopies(4, "x"), seeds,
                settings(3, 1, RerankPolicy.DISTINCT), Collections.nCopies(4, batchedKept));

        KeptImages oneByOneKept = new KeptImages();
        for (int i = 0; i < seeds.length; i++) {
            List<GeneratedImage> alone = engine.generate(List.of("x"), new long[] {seeds[i]},
                    settings(3, 1, RerankPolicy.DISTINCT), List.of(oneByOneKept)).get(0);
            assertThat(alone.get(0).png()).isEqualTo(batched.get(i).get(0).png());
            assertThat(alone.get(0).candidateIndex()).isEqualTo(batched.get(i).get(0).candidateIndex());
        }
    }

    @Test
    void should_make_condition_noise_deterministic_per_seed_and_change_what_is_drawn() {
        GenerationSettings noisy = new GenerationSettings(16, 16, null, null, 1.0, 0.75, RerankPolicy.BEST, null, null);
        GenerationSettings plain = new GenerationSettings(16, 16, null, null, 1.0, 0.0, RerankPolicy.BEST, null, null);
        List<GeneratedImage> first = engine.generate(List.of("x"), new long[] {21}, noisy).get(0);
        List<GeneratedImage> again = engine.generate(List.of("x"), new long[] {21}, noisy).get(0);
        List<GeneratedImage> without = engine.generate(List.of("x"), new long[] {21}, plain).get(0);

        assertThat(hashes(again)).isEqualTo(hashes(first));
        List<Double> noisyScores = first.stream().map(GeneratedImage::clipScore).sorted().toList();
        List<Double> plainScores = without.stream().map(GeneratedImage::clipScore).sorted().toList();
        assertThat(noisyScores).isNotEqualTo(plainScores);
    }

    @Test
    void should_compare_near_duplicates_on_the_embedding_of_the_stored_png() {
        GenerationSettings near = new GenerationSettings(4, 2, null, null, 1.0, 0.0, RerankPolicy.DISTINCT, 0.999, null);
        for (GeneratedImage image : engine.generate(List.of("x"), new long[] {31}, near).get(0)) {
            assertThat(image.imageEmbedding()).containsExactly(engine.imageEmbedding(image.png()));
        }
    }

    @Test
    void should_refuse_bytes_that_are_not_a_png_of_the_bundle_size() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.imageEmbedding(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PNG of");
    }
}
