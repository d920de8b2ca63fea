package io.clipvq.trainer.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipvq.trainer.worlds.shapes.MetricsJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * metrics.json of an eval run:
 * <pre>
 * {"bundle": {"name", "version"},
 *  "sampling": {"candidates", "keep", "steps", "guidance_scale", "truncation", "seed"},
 *  "prompts": n,
 *  "clip_score": {"mean", "std", "min", "max", "definition"},
 *  "attribute_accuracy": {"seen": {...}, "left_out": {...}, "all": {...}} or null,
 *  "frechet_distance": {"value", "generated", "real", "real_split", "real_seed", "dimension", "embedding"} or null,
 *  "seconds": t,
 *  "reranking": {attribute: {"prompts", "candidates", "right_share", "best_right", "any_right", "pairs", "auc"}} or null}
 * </pre>
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
                .put("guidance_scale", s.guidanceScale()).put("truncation", s.truncation()).put("seed", s.seed());
        root.put("prompts", metrics.prompts());
        EvalMetrics.ClipScore c = metrics.clipScore();
        root.putObject("clip_score").put("mean", c.mean()).put("std", c.std()).put("min", c.min()).put("max", c.max())
                .put("definition", "mean over prompts of the best candidate's cosine between its clip_image and the"
                        + " prompt's clip_text embedding");
        if (metrics.accuracy() == null) {
            root.putNull("attribute_accuracy");
        } else {
            root.set("attribute_accuracy", MetricsJson.attributeAccuracy(metrics.accuracy()));
        }
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
        if (metrics.reranking() == null) {
            root.putNull("reranking");
        } else {
            ObjectNode reranking = root.putObject("reranking");
            metrics.reranking().forEach((attribute, q) -> reranking.putObject(attribute.label()).put("prompts", q.prompts())
                    .put("candidates", q.candidates()).put("right_share", q.rightShare()).put("best_right", q.bestRight())
                    .put("any_right", q.anyRight()).put("pairs", q.pairs())
                    // no (right, wrong) pair: no AUC; null because JSON has no NaN
                    .put("auc", Double.isNaN(q.auc()) ? null : q.auc()));
            reranking.put("definition", "over the kept candidates: share right (checker), share of prompts whose"
                    + " best-scored candidate is right, share with any right candidate, and the probability that CLIP"
                    + " scores a right candidate above a wrong one of the same prompt (ties half)");
        }
        return root;
    }

    public static void write(EvalMetrics metrics, Path file) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(toJson(metrics)) + "\n");
    }

    /** Adds {@code section} under {@code field} to the metrics.json at {@code file}, keeping what it holds. */
    public static void addSection(Path file, String field, java.util.Map<String, Object> section) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        root.set(field, JSON.valueToTree(section));
        JSON.writeValue(file.toFile(), root);
    }
}
