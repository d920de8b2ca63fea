package io.clipvq.trainer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipvq.engine.EngineOptions;
import io.clipvq.engine.diversity.PromptDiversity;
import io.clipvq.engine.rerank.RerankPolicy;
import io.clipvq.trainer.eval.BundleEvaluation;
import io.clipvq.trainer.eval.EvalMetrics;
import io.clipvq.trainer.eval.EvalSettings;
import io.clipvq.trainer.worlds.RealImageSet;
import io.clipvq.trainer.worlds.Worlds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.Callable;

/**
 * One prompt, many images, as a bulk job makes them (image i from seed {@code Seeds.derive(seed, i)}, the prompt's
 * images sharing their kept set): prints one JSON object with the speed, the CLIP score, the diversity
 * (docs/method.md#diversity) and, for a bundle of a known world, the world's check (Shapes: accuracy on what the
 * prompt names, spread of what it leaves open). The images, metrics.json and report.md go to --out.
 */
@Command(name = "diversity-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate N images of one prompt like a bulk job and print their diversity as JSON.")
public final class DiversityBenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--bundle", required = true, paramLabel = "DIR") Path bundle;
    @Option(names = "--prompt", required = true) String prompt;
    @Option(names = "--images", defaultValue = "200", description = "Images of the prompt (default ${DEFAULT-VALUE}).")
    int images;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (absent or empty).")
    Path out;
    @Option(names = "--candidates", defaultValue = "16") int candidates;
    @Option(names = "--condition-noise", paramLabel = "ALPHA", description = "Default: the bundle's.")
    Double conditionNoise;
    @Option(names = "--rerank", defaultValue = "distinct", description = "best or distinct (default ${DEFAULT-VALUE}).")
    String rerank;
    @Option(names = "--near-duplicate-cosine", paramLabel = "C") Double nearDuplicateCosine;
    @Option(names = "--score-margin", paramLabel = "M",
            description = "Under distinct: keep no image scoring more than M below its best candidate.")
    Double scoreMargin;
    @Option(names = "--truncation", paramLabel = "R", description = "Truncation r in (0, 1] (default: the bundle's).")
    Double truncation;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads (0 = its default).")
    int threads;
    @Option(names = "--batch-prompts", defaultValue = "4") int batchPrompts;
    @Option(names = "--real-images", defaultValue = "512", description = "Real images of the world's image-only split"
            + " for the Frechet distance, where the world gives them (default ${DEFAULT-VALUE}).")
    int realImages;
    @Option(names = "--world", paramLabel = "NAME", description = "World whose check to run (default: the bundle's).")
    String world;

    @Spec
    CommandSpec spec;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where a world's check caches what it trains (the Fashion-MNIST classifier).")
    Path cacheDir;

    @Override
    public Integer call() throws Exception {
        if (images < 2) {
            throw new IllegalArgumentException("--images must be at least 2, got " + images);
        }
        EvalSettings settings = EvalSettings.builder().optCandidates(candidates).optKeep(1)
                .optTruncation(truncation).optConditionNoise(conditionNoise).optRerank(RerankPolicy.fromWireName(rerank))
                .optNearDuplicateCosine(nearDuplicateCosine).optScoreMargin(scoreMargin).optDistinctAcrossLines(true).optSeed(seed)
                .optBatchPrompts(batchPrompts).build();
        EngineOptions options = EngineOptions.builder().optIntraOpThreads(threads).build();
        RealImageSet realSet = new RealImageSet(RealImageSet.Split.IMAGE_ONLY, realImages, 1);
        EvalMetrics metrics;
        try (BundleEvaluation evaluation = BundleEvaluation.open(bundle, options, realSet,
                manifest -> Worlds.checkFor(world, manifest.name(), cacheDir))) {
            metrics = evaluation.run(Collections.nCopies(images, prompt), settings, out, null);
        }
        PromptDiversity diversity = metrics.diversity().get(0);
        ObjectNode json = JSON.createObjectNode();
        json.put("bench", "diversity");
        json.put("bundle", metrics.bundleName() + ":" + metrics.bundleVersion());
        json.put("prompt", prompt);
        json.put("images", images);
        json.put("candidates", candidates);
        json.put("condition_noise", metrics.sampling().conditionNoise());
        json.put("rerank", metrics.sampling().rerank());
        json.put("near_duplicate_cosine", metrics.sampling().nearDuplicateCosine());
        json.put("score_margin", metrics.sampling().scoreMargin());
        json.put("seconds", metrics.seconds());
        json.put("images_per_second", images / metrics.seconds());
        json.put("clip_score_mean", metrics.clipScore().mean());
        json.put("distinct_share", diversity.distinctShare());
        json.put("near_distinct_share", diversity.nearDistinctShare());
        json.put("near_cosine", PromptDiversity.NEAR_COSINE);
        json.put("mean_pairwise_clip_distance", diversity.meanPairwiseDistance());
        if (metrics.frechet() != null) {
            json.put("frechet_distance_to_image_only", metrics.frechet().distance());
        }
        if (metrics.world() != null) {
            json.set("world_top_level", JSON.valueToTree(metrics.world().topLevelMetrics()));
            json.set("world", JSON.valueToTree(metrics.world().metrics()));
        }
        spec.commandLine().getOut().println(JSON.writeValueAsString(json));
        spec.commandLine().getOut().flush();
        Files.writeString(out.resolve("bench.json"), JSON.writeValueAsString(json) + "\n");
        return 0;
    }
}
