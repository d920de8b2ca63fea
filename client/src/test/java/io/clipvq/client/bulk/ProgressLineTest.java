package io.clipvq.client.bulk;

import io.clipvq.contracts.bulk.BulkProgress;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void should_show_bar_counts_rate_eta_and_shards() {
        BulkProgress p = new BulkProgress("j", "running", 250, 1000, 4, 1, 1, 2, 0, 0, START, null, null, null, 250, 250);

        // 250 images in 50 s = 5 img/s; 750 left = 150 s
        assertThat(ProgressLine.render(p, START.plusSeconds(50), 20))
                .isEqualTo("[#####---------------] 250/1000  25.0%   5.00 img/s  ETA 0:02:30  shards 1/4 (1 running)  running");
    }

    @Test
    void should_say_how_a_cancelled_job_ended() {
        BulkProgress p = new BulkProgress("j", "cancelled", 40, 200, 10, 2, 0, 0, 8, 0, START, START.plusSeconds(9),
                "enough", null, 40, 40);

        assertThat(ProgressLine.summary(p)).isEqualTo("job j cancelled: 40 of 200 images, 2 of 10 shards completed, "
                + "8 skipped or stopped (finished shards kept); reason: enough");
        assertThat(ProgressLine.render(p, START.plusSeconds(100), 10)).contains("ETA 0:00:36").contains("4.44 img/s");
    }
}
