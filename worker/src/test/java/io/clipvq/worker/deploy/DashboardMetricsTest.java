package io.clipvq.worker.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PromQL name extraction behind JobPathIT's check that the worker exports every metric its dashboard plots,
 * and what the dashboard must plot. (The comparison with a real scrape of a running worker is in JobPathIT.)
 */
class DashboardMetricsTest {

    @Test
    void should_find_the_metric_names_of_expressions_and_leave_out_functions_keywords_and_labels() {
        assertThat(DashboardMetrics.namesIn("sum(rate(clipvq_images_written_total[$__rate_interval]))"))
                .containsExactly("clipvq_images_written_total");
        assertThat(DashboardMetrics.namesIn(
                "sum by (outcome) (increase(clipvq_jobs_total{outcome=~\"completed|failed\", job!='x'}[5m])) * 60"))
                .containsExactly("clipvq_jobs_total");
        assertThat(DashboardMetrics.namesIn(
                "histogram_quantile(0.95, sum by (le, instance) (rate(clipvq_generation_seconds_bucket[${window}])))"))
                .containsExactly("clipvq_generation_seconds_bucket");
        assertThat(DashboardMetrics.namesIn("sum(rate(a_sum[1h30m])) / sum without (pod) (rate(a_count[5m] offset 1d))"))
                .containsExactly("a_count", "a_sum");
        assertThat(DashboardMetrics.namesIn("jvm_memory_used_bytes{area=\"heap\"} / 1e9 > bool 0.5"))
                .containsExactly("jvm_memory_used_bytes");
        assertThat(DashboardMetrics.namesIn("x and on (job) y unless ignoring (instance) group_left (z) w"))
                .containsExactly("w", "x", "y");
        assertThat(DashboardMetrics.namesIn("max_over_time(http2_requests{uri=\"/q/{id}\"}[1h:5m])"))
                .containsExactly("http2_requests");
        assertThat(DashboardMetrics.namesIn("count(up) - count (up == 1)")).containsExactly("up");
    }

    @Test
    void should_read_every_panel_target_including_the_panels_of_rows() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree("""
                {"panels": [
                  {"type": "timeseries", "targets": [{"expr": "rate(a_total[5m])"}, {"expr": "b"}]},
                  {"type": "row", "panels": [{"targets": [{"expr": "sum by (x) (c)"}]}]},
                  {"type": "text"}
                ]}""");

        assertThat(DashboardMetrics.plottedBy(dashboard)).containsExactly("a_total", "b", "c");
    }

    @Test
    void should_read_the_sample_names_of_a_scrape() {
        String scrape = """
                # HELP clipvq_jobs_total jobs that ended, by outcome
                # TYPE clipvq_jobs_total counter
                clipvq_jobs_total{outcome="completed"} 3.0
                clipvq_jobs_running 0.0
                clipvq_generation_seconds_bucket{le="0.001"} 0
                """;

        assertThat(DashboardMetrics.exportedIn(scrape))
                .containsExactly("clipvq_generation_seconds_bucket", "clipvq_jobs_running", "clipvq_jobs_total");
    }

    @Test
    void should_plot_every_meter_of_worker_metrics_in_the_worker_dashboard() {
        // WorkerMetrics' meters in Prometheus form: the dashboard is for them first
        assertThat(DashboardMetrics.plottedByWorkerDashboard()).contains("clipvq_images_written_total",
                "clipvq_messages_rejected_total", "clipvq_generation_seconds_sum", "clipvq_generation_seconds_count",
                "clipvq_jobs_running", "clipvq_jobs_total");
    }

    @Test
    void should_give_every_panel_of_the_worker_dashboard_a_query_and_a_unique_id() {
        JsonNode dashboard = DashboardMetrics.readDashboard();
        List<Integer> ids = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            ids.add(panel.path("id").asInt());
            assertThat(panel.path("title").asText()).isNotBlank();
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("targets")).as("targets of %s", panel.path("title")).isNotEmpty();
                panel.path("targets").forEach(target -> assertThat(
                        DashboardMetrics.namesIn(target.path("expr").asText())).isNotEmpty());
            }
        }
        assertThat(ids).isNotEmpty().doesNotHaveDuplicates().doesNotContain(0);
        assertThat(dashboard.path("uid").asText()).isNotBlank();
    }
}
