package io.clipvq.trainer.eval;

import io.clipvq.engine.diversity.PromptDiversity;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipvq.trainer.worlds.GeneratedImageCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * metrics.json of an eval run:
 * <pre>
 * {"bundle": {"name", "version"},
 *  "sampling": {"candidates", "keep", "steps", "guidance_scale", "truncation", "seed"},
 *  "prompts": n,
 *  "clip_score": {"mean", "std", "min", "max", "definition"},
 *  "frechet_distance": {"value", "generated", "real", "real_split", "real_seed", "dimension", "embedding"} or null,
 *  "seconds": t,
 *  ...the world check's top-level fields (Shapes: "attribute_accuracy", "reranking"),
 *  "worldCheck": {the world check's metrics}}
 * </pre>
 * The world fields are absent when the bundle draws no known world.
 */
public final class EvalMetricsJson {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvalMetricsJson() {
    }

    public static ObjectNode toJson(EvalMetrics metrics) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("bundle").put("name", metrics.bundleName()).put("version", metrics.bundleVersion());
        EvalMetrics.ResolvedSampling s = metrics.sampling();
        root.putObject("sampling").put("candidates", s.candidates()).put("keep", s.keep()).put("steps", s.steps())
                .put("guidance_scale", s.guidanceScale()).put("truncation", s.truncation()).put("seed", s.seed())
                .put("condition_noise", s.conditionNoise()).put("rerank", s.rerank())
                .put("near_duplicate_cosine", s.nearDuplicateCosine())
                .put("score_margin", s.scoreMargin())
                .put("distinct_across_lines", s.distinctAcrossLines())
                .put("denoiser_precision", s.denoiserPrecision());
        root.put("prompts", metrics.prompts());
        EvalMetrics.ClipScore c = metrics.clipScore();
        root.putObject("clip_score").put("mean", c.mean()).put("std", c.std()).put("min", c.min()).put("max", c.max())
                .put("definition", "mean over prompts of the best candidate's cosine between its clip_image and the"
                        + " prompt's clip_text embedding");
        EvalMetrics.Frechet f = metrics.frechet();
        if (f == null) {
            root.putNull("frechet_distance");
        } else {
            root.putObject("frechet_distance").put("value", f.distance()).put("generated", f.generated())
                    .put("real", f.real()).put("real_split", f.realSplit().label()).put("real_seed", f.realSeed())
                    .put("dimension", f.dimension())
                    .put("embedding", "the bundle's clip_image, L2-normalised, of the 8-bit PNGs");
        }
        root.put("seconds", metrics.seconds());
        ArrayNode diversity = root.putArray("diversity");
        for (PromptDiversity d : metrics.diversity()) {
            diversity.addObject().put("prompt", d.prompt()).put("images", d.images())
                    .put("distinct_share", d.distinctShare()).put("near_distinct_share", d.nearDistinctShare())
                    .put("near_cosine", PromptDiversity.NEAR_COSINE)
                    .put("mean_pairwise_clip_distance", d.meanPairwiseDistance());
        }
        if (metrics.world() != null) {
            addWorld(root, metrics.world());
        }
        return root;
    }

    public static void write(EvalMetrics metrics, Path file) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(toJson(metrics)) + "\n");
    }

    /** The check's top-level fields beside the generic ones (never over one), then its metrics under worldCheck. */
    private static void addWorld(ObjectNode root, GeneratedImageCheck.Outcome world) {
        for (Map.Entry<String, Object> field : world.topLevelMetrics().entrySet()) {
            if (root.has(field.getKey()) || field.getKey().equals(BundleEvaluation.WORLD_SECTION)) {
                throw new IllegalStateException("the world check's metrics.json field '" + field.getKey()
                        + "' would replace one of the eval's own");
            }
            root.set(field.getKey(), JSON.valueToTree(field.getValue()));
        }
        root.set(BundleEvaluation.WORLD_SECTION, JSON.valueToTree(world.metrics()));
    }
}
