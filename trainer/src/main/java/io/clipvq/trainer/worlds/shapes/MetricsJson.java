package io.clipvq.trainer.worlds.shapes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * The attribute accuracy as a JSON object for metrics.json:
 * {"seen": {"prompts": n, "shape": {"correct": c, "total": t, "accuracy": a}, ...}, "left_out": {...}, "all": {...}};
 * accuracy is null where no prompt named the attribute.
 */
public final class MetricsJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsJson() {
    }

    public static ObjectNode attributeAccuracy(ShapesMetrics.AttributeAccuracy accuracy) {
        ObjectNode root = JSON.createObjectNode();
        root.set("seen", group(accuracy.seen(), accuracy.seenPrompts()));
        root.set("left_out", group(accuracy.leftOut(), accuracy.leftOutPrompts()));
        root.set("all", group(accuracy.all(), accuracy.seenPrompts() + accuracy.leftOutPrompts()));
        return root;
    }

    private static ObjectNode group(Map<Attribute, ShapesMetrics.Score> scores, int prompts) {
        ObjectNode node = JSON.createObjectNode().put("prompts", prompts);
        scores.forEach((attribute, score) -> {
            ObjectNode entry = node.putObject(attribute.label()).put("correct", score.correct())
                    .put("total", score.total());
            if (score.total() == 0) {
                entry.putNull("accuracy");
            } else {
                entry.put("accuracy", score.accuracy());
            }
        });
        return node;
    }
}
