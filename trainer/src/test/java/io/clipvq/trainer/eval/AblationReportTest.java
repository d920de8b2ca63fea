package io.clipvq.trainer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AblationReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_show_a_worlds_headline_measures_and_no_attribute_columns_when_no_run_has_attributes() throws Exception {
        AblationReport.Run a = run("a", 0.50, "{\"class accuracy %\": 87.5, \"FD / real FD\": 2.25}");
        AblationReport.Run b = run("b", 0.25, "{\"class accuracy %\": 40}");

        String table = AblationReport.markdown(List.of(a, b), "a");
        List<String> rows = table.lines().filter(l -> l.startsWith("|")).toList();

        assertThat(rows.get(0)).contains("| CLIP / a |", "| FD |", "| class accuracy % |", "| FD / real FD |")
                .doesNotContain("shape (seen)");
        assertThat(rows.get(2)).contains("| 0.5000 |", "| 100.0% |", "| 87.50 |", "| 2.250 |");
        assertThat(rows.get(3)).contains("| 0.2500 |", "| 50.0% |", "| 40.00 | - |");
        // every row has as many cells as the header
        long cells = pipes(rows.get(0));
        assertThat(rows).allSatisfy(row -> assertThat(pipes(row)).isEqualTo(cells));
    }

    @Test
    void should_keep_the_shapes_attribute_columns_when_a_run_has_them() throws Exception {
        JsonNode metrics = metrics("s", 0.7, null);
        ((com.fasterxml.jackson.databind.node.ObjectNode) metrics).set("attribute_accuracy", JSON.readTree(
                "{\"seen\": {\"shape\": {\"accuracy\": 0.5}}, \"left_out\": {}}"));

        String table = AblationReport.markdown(List.of(new AblationReport.Run("s", metrics)));
        List<String> rows = table.lines().filter(l -> l.startsWith("|")).toList();

        assertThat(rows.get(0)).contains("shape (seen)", "background (left out)");
        assertThat(rows.get(2)).contains("| 50.0 |");
        assertThat(rows).allSatisfy(row -> assertThat(pipes(row)).isEqualTo(pipes(rows.get(0))));
    }

    private static long pipes(String row) {
        return Arrays.stream(row.split("")).filter("|"::equals).count();
    }

    private static AblationReport.Run run(String label, double clip, String headline) throws Exception {
        return new AblationReport.Run(label, metrics(label, clip, headline));
    }

    private static JsonNode metrics(String name, double clip, String headline) throws Exception {
        String world = headline == null ? "" : ", \"worldCheck\": {\"headline\": " + headline + "}";
        return JSON.readTree("{\"bundle\": {\"name\": \"" + name + "\", \"version\": \"0.1.0\"},"
                + " \"sampling\": {\"guidance_scale\": 1.0, \"truncation\": 0.9, \"steps\": 50, \"candidates\": 16},"
                + " \"prompts\": 20, \"clip_score\": {\"mean\": " + clip + "}, \"frechet_distance\": null"
                + ", \"attribute_accuracy\": null" + world + "}");
    }
}
