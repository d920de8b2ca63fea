package io.clipvq.worker.storage;

import io.clipvq.engine.GeneratedImage;
import io.clipvq.worker.testing.WorkerFakes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImageWriterTest {

    @Test
    void should_store_the_png_under_its_key_with_its_placement_first_then_what_made_it() {
        List<String> log = new ArrayList<>();
        WorkerFakes.Objects objects = new WorkerFakes.Objects(log);
        byte[] png = "png bytes".getBytes(StandardCharsets.UTF_8);
        String sha = WorkerFakes.sha256(png);
        Map<String, String> placement = new LinkedHashMap<>();
        placement.put("job-id", "j");
        placement.put("image-index", "7");

        String stored = new ImageWriter(objects).store("out/j/7.png",
                new GeneratedImage(3, 99L, 0.25, png, 8, 8, sha, null), placement, "m:1");

        assertThat(stored).isEqualTo(sha);
        assertThat(log).containsExactly("put out/j/7.png");
        assertThat(objects.metadata.get("out/j/7.png")).containsExactly(Map.entry("job-id", "j"),
                Map.entry("image-index", "7"), Map.entry("candidate-index", "3"), Map.entry("seed", "99"),
                Map.entry("clip-score", "0.25"), Map.entry("sha256", sha), Map.entry("model", "m:1"));
    }
}
