package io.clipvq.worker.bulk;

import io.clipvq.contracts.Seeds;
import io.clipvq.engine.EngineOptions;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.OnnxTextToImageEngine;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resumed shard generates only its missing images, so the engine calls of a re-run group images differently
 * from the first run. The image bytes must not depend on that grouping, or a re-run shard would not reproduce the
 * same bytes; this checks it on the real ONNX engine for the grouping the runner does with images-per-call > 1.
 */
class ImagesPerCallTest {

    @Test
    void should_give_each_image_the_same_bytes_alone_or_batched_with_others(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("bundle");
        RandomBundleFactory.builder().optName("batch-tiny").optSeed(9).optScale(0.5).optTimesteps(20).build().write(bundle);
        GenerationSettings settings = new GenerationSettings(2, 1, 2, 1.0, null);
        List<String> prompts = List.of("a red circle", "a blue square", "a red circle");
        long[] seeds = {Seeds.derive(7, 0), Seeds.derive(7, 1), Seeds.derive(7, 2)};

        try (OnnxTextToImageEngine engine = OnnxTextToImageEngine.open(BundleLoader.load(bundle),
                EngineOptions.builder().optIntraOpThreads(1).build())) {
            List<List<GeneratedImage>> batched = engine.generate(prompts, seeds, settings);
            assertThat(batched.get(0).get(0).sha256()).as("same prompt, other seed")
                    .isNotEqualTo(batched.get(2).get(0).sha256());
            for (int i = 0; i < prompts.size(); i++) {
                GeneratedImage alone = engine.generate(List.of(prompts.get(i)), new long[]{seeds[i]}, settings)
                        .get(0).get(0);
                assertThat(batched.get(i).get(0).sha256()).as("image %d", i)
                        .isEqualTo(alone.sha256());
                assertThat(batched.get(i).get(0).candidateIndex()).isEqualTo(alone.candidateIndex());
            }
        }
    }
}
