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

    @Test
    void should_write_again_until_storage_takes_it_waiting_longer_each_time() {
        List<String> log = new ArrayList<>();
        WorkerFakes.Objects objects = new WorkerFakes.Objects(log);
        objects.refuseNext = 3;
        List<java.time.Duration> waits = new ArrayList<>();
        byte[] png = {1, 2, 3};

        new ImageWriter(objects, new StorageRetry(java.time.Duration.ofSeconds(30), waits::add)).store("k.png",
                new GeneratedImage(0, 1L, 0.5, png, 8, 8, WorkerFakes.sha256(png), null), Map.of(), "m:1");

        assertThat(log).containsExactly("put k.png");
        assertThat(waits).containsExactly(java.time.Duration.ofMillis(250), java.time.Duration.ofMillis(500),
                java.time.Duration.ofMillis(1000));
    }

    @Test
    void should_give_up_after_the_retry_time_saying_how_long_storage_refused() {
        WorkerFakes.Objects objects = new WorkerFakes.Objects(new ArrayList<>());
        objects.failWith = new StorageException("cannot write object 'k.png': connection refused", null);
        List<java.time.Duration> waits = new ArrayList<>();
        byte[] png = {1};

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ImageWriter(objects,
                        new StorageRetry(java.time.Duration.ofSeconds(20), waits::add)).store("k.png",
                        new GeneratedImage(0, 1L, 0.5, png, 8, 8, WorkerFakes.sha256(png), null), Map.of(), "m:1"))
                .isInstanceOf(StorageException.class)
                // waits 0.25 + 0.5 + 1 + 2 + 4 + 5 + 5 = 17.75 s; one more 5 s wait would pass 20 s
                .hasMessage("object storage refused writes for 17 s: cannot write object 'k.png': connection refused");
        assertThat(waits.stream().mapToLong(java.time.Duration::toMillis).sum()).isEqualTo(17_750);
    }
}
